CREATE TABLE "order_lines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"product_id" uuid NOT NULL,
	"product_version_id" uuid NOT NULL,
	"choices" jsonb NOT NULL,
	"personalization" jsonb NOT NULL,
	"quantity" integer NOT NULL,
	"approved_configuration_id" uuid,
	"price_list_id" uuid,
	"lines" jsonb NOT NULL,
	"list_total" integer NOT NULL,
	"total" integer NOT NULL,
	"currency" text NOT NULL,
	"promised_date" date NOT NULL,
	"bom" jsonb NOT NULL,
	"routing" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "order_lines_order_position" UNIQUE("tenant_id","order_id","position"),
	CONSTRAINT "order_lines_quantity_positive" CHECK ("order_lines"."quantity" > 0)
);
--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."orders"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_product_fk" FOREIGN KEY ("tenant_id","product_id") REFERENCES "public"."products"("tenant_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_product_version_fk" FOREIGN KEY ("tenant_id","product_version_id") REFERENCES "public"."product_versions"("tenant_id","id") ON DELETE restrict ON UPDATE no action;