CREATE TABLE "gallery_comment_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"comment_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "gallery_comment_reports_once" UNIQUE("tenant_id","comment_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "gallery_comments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"publication_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"display_name" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"hidden_at" timestamp with time zone,
	CONSTRAINT "gallery_comments_tenant_id" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "gallery_likes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"publication_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "gallery_likes_once" UNIQUE("tenant_id","publication_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "gallery_publications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"design_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"product_version_id" uuid NOT NULL,
	"choices" jsonb NOT NULL,
	"price_total" integer NOT NULL,
	"currency" text NOT NULL,
	"title" text NOT NULL,
	"story" text NOT NULL,
	"display_name" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"hidden_at" timestamp with time zone,
	"adopted_at" timestamp with time zone,
	"adopted_by" uuid,
	"reward_grant_id" uuid,
	CONSTRAINT "gallery_publications_tenant_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "gallery_publications_design" UNIQUE("tenant_id","design_id")
);
--> statement-breakpoint
CREATE TABLE "gallery_remixes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"publication_id" uuid NOT NULL,
	"design_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "gallery_remixes_design" UNIQUE("tenant_id","design_id")
);
--> statement-breakpoint
ALTER TABLE "gallery_comment_reports" ADD CONSTRAINT "gallery_comment_reports_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_comment_reports" ADD CONSTRAINT "gallery_comment_reports_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_comment_reports" ADD CONSTRAINT "gallery_comment_reports_comment_fk" FOREIGN KEY ("tenant_id","comment_id") REFERENCES "public"."gallery_comments"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_comments" ADD CONSTRAINT "gallery_comments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_comments" ADD CONSTRAINT "gallery_comments_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_comments" ADD CONSTRAINT "gallery_comments_publication_fk" FOREIGN KEY ("tenant_id","publication_id") REFERENCES "public"."gallery_publications"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_likes" ADD CONSTRAINT "gallery_likes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_likes" ADD CONSTRAINT "gallery_likes_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_likes" ADD CONSTRAINT "gallery_likes_publication_fk" FOREIGN KEY ("tenant_id","publication_id") REFERENCES "public"."gallery_publications"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_publications" ADD CONSTRAINT "gallery_publications_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_publications" ADD CONSTRAINT "gallery_publications_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_publications" ADD CONSTRAINT "gallery_publications_adopted_by_staff_users_id_fk" FOREIGN KEY ("adopted_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_publications" ADD CONSTRAINT "gallery_publications_design_fk" FOREIGN KEY ("tenant_id","design_id") REFERENCES "public"."designs"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_publications" ADD CONSTRAINT "gallery_publications_product_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_remixes" ADD CONSTRAINT "gallery_remixes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_remixes" ADD CONSTRAINT "gallery_remixes_publication_fk" FOREIGN KEY ("tenant_id","publication_id") REFERENCES "public"."gallery_publications"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_remixes" ADD CONSTRAINT "gallery_remixes_design_fk" FOREIGN KEY ("tenant_id","design_id") REFERENCES "public"."designs"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gallery_comment_reports_customer" ON "gallery_comment_reports" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "gallery_comments_publication" ON "gallery_comments" USING btree ("tenant_id","publication_id","created_at");--> statement-breakpoint
CREATE INDEX "gallery_comments_customer" ON "gallery_comments" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "gallery_likes_customer" ON "gallery_likes" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "gallery_publications_product" ON "gallery_publications" USING btree ("tenant_id","product_id","published_at");--> statement-breakpoint
CREATE INDEX "gallery_publications_customer" ON "gallery_publications" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "gallery_remixes_publication" ON "gallery_remixes" USING btree ("tenant_id","publication_id");