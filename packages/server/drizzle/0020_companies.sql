CREATE TABLE "approved_configurations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"allowed" jsonb NOT NULL,
	"fixed" jsonb NOT NULL,
	"rules" jsonb NOT NULL,
	"version" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "approved_configurations_tenant_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "approved_configurations_company_name" UNIQUE("tenant_id","company_id","name")
);
--> statement-breakpoint
CREATE TABLE "company_locations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"name" text NOT NULL,
	"billing_address" jsonb NOT NULL,
	"shipping_address" jsonb NOT NULL,
	"budget" bigint,
	"currency" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "company_locations_tenant_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "company_locations_company_name" UNIQUE("tenant_id","company_id","name")
);
--> statement-breakpoint
ALTER TABLE "business_accounts" ADD COLUMN "slug" text;--> statement-breakpoint
ALTER TABLE "business_accounts" ADD COLUMN "logo_asset_key" text;--> statement-breakpoint
ALTER TABLE "approved_configurations" ADD CONSTRAINT "approved_configurations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approved_configurations" ADD CONSTRAINT "approved_configurations_company_fk" FOREIGN KEY ("tenant_id","company_id") REFERENCES "public"."business_accounts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approved_configurations" ADD CONSTRAINT "approved_configurations_product_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_locations" ADD CONSTRAINT "company_locations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_locations" ADD CONSTRAINT "company_locations_company_fk" FOREIGN KEY ("tenant_id","company_id") REFERENCES "public"."business_accounts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "business_accounts_tenant_slug" ON "business_accounts" USING btree ("tenant_id","slug");