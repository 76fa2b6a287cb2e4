CREATE TABLE "order_changes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"design_id" uuid NOT NULL,
	"from_snapshot" jsonb NOT NULL,
	"to_design_version" integer NOT NULL,
	"old_total" integer NOT NULL,
	"old_currency" text NOT NULL,
	"new_total" integer,
	"new_currency" text,
	"old_promised_date" date NOT NULL,
	"new_promised_date" date,
	"status" text NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text,
	CONSTRAINT "order_changes_order_version" UNIQUE("order_id","to_design_version")
);
--> statement-breakpoint
ALTER TABLE "order_changes" ADD CONSTRAINT "order_changes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_changes" ADD CONSTRAINT "order_changes_order_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."orders"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_changes_order" ON "order_changes" USING btree ("tenant_id","order_id");--> statement-breakpoint
CREATE INDEX "order_changes_status" ON "order_changes" USING btree ("tenant_id","status");