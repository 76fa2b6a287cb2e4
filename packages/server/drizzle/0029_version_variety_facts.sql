CREATE TABLE "version_variety_facts" (
	"tenant_id" uuid NOT NULL,
	"product_version_id" uuid NOT NULL,
	"configurations" text,
	"cheapest_price" integer,
	"currency" text NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "version_variety_facts_tenant_id_product_version_id_pk" PRIMARY KEY("tenant_id","product_version_id")
);
--> statement-breakpoint
ALTER TABLE "version_variety_facts" ADD CONSTRAINT "version_variety_facts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "version_variety_facts" ADD CONSTRAINT "version_variety_facts_version_fk" FOREIGN KEY ("tenant_id","product_version_id") REFERENCES "public"."product_versions"("tenant_id","id") ON DELETE cascade ON UPDATE no action;