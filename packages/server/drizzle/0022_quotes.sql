CREATE TABLE "quote_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"min_margin_bp" integer NOT NULL,
	"estimated_cost_bp" integer NOT NULL,
	"validity_days" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quotes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"company_id" uuid NOT NULL,
	"customer_id" uuid,
	"status" text NOT NULL,
	"valid_until" date NOT NULL,
	"payment_terms" text NOT NULL,
	"notes" text NOT NULL,
	"currency" text NOT NULL,
	"price_list_id" uuid,
	"price_list_name" text,
	"lines" jsonb NOT NULL,
	"list_total" integer NOT NULL,
	"total" integer NOT NULL,
	"cost_total" integer NOT NULL,
	"min_margin_bp" integer NOT NULL,
	"approval" text NOT NULL,
	"approved_by_label" text,
	"approved_at" timestamp with time zone,
	"lost_reason" text,
	"order_id" uuid,
	"revision" integer NOT NULL,
	"created_by_kind" text NOT NULL,
	"created_by_id" uuid,
	"created_by_label" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "quotes_tenant_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "quotes_tenant_number" UNIQUE("tenant_id","number"),
	CONSTRAINT "quotes_tenant_order" UNIQUE("tenant_id","order_id"),
	CONSTRAINT "quotes_won_has_order" CHECK (("quotes"."status" = 'won') = ("quotes"."order_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "quote_settings" ADD CONSTRAINT "quote_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_company_fk" FOREIGN KEY ("tenant_id","company_id") REFERENCES "public"."business_accounts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_order_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."orders"("tenant_id","id") ON DELETE no action ON UPDATE no action;