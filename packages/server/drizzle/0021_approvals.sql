CREATE TABLE "company_approval_policies" (
	"tenant_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"payment_terms" text NOT NULL,
	"allowed_payment_terms" jsonb NOT NULL,
	"second_approval_above" bigint,
	"budget_period" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "company_approval_policies_company" UNIQUE("tenant_id","company_id")
);
--> statement-breakpoint
CREATE TABLE "company_member_limits" (
	"tenant_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"location_id" uuid,
	"order_limit" bigint,
	"approval_limit" bigint,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "company_member_limits_customer" UNIQUE("tenant_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "order_approval_steps" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"approval_id" uuid NOT NULL,
	"level" integer NOT NULL,
	"decision" text NOT NULL,
	"by_customer_id" uuid,
	"by_label" text NOT NULL,
	"reason" text,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "order_approval_steps_level" UNIQUE("approval_id","level")
);
--> statement-breakpoint
CREATE TABLE "order_approvals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"buyer_id" uuid NOT NULL,
	"location_id" uuid,
	"status" text NOT NULL,
	"required_levels" integer NOT NULL,
	"reasons" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "order_approvals_order" UNIQUE("tenant_id","order_id"),
	CONSTRAINT "order_approvals_tenant_id" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "po_number" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "payment_terms" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "location_id" uuid;--> statement-breakpoint
ALTER TABLE "company_approval_policies" ADD CONSTRAINT "company_approval_policies_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_approval_policies" ADD CONSTRAINT "company_approval_policies_company_fk" FOREIGN KEY ("tenant_id","company_id") REFERENCES "public"."business_accounts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_member_limits" ADD CONSTRAINT "company_member_limits_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_member_limits" ADD CONSTRAINT "company_member_limits_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_member_limits" ADD CONSTRAINT "company_member_limits_company_fk" FOREIGN KEY ("tenant_id","company_id") REFERENCES "public"."business_accounts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "company_member_limits" ADD CONSTRAINT "company_member_limits_location_fk" FOREIGN KEY ("tenant_id","location_id") REFERENCES "public"."company_locations"("tenant_id","id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_approval_steps" ADD CONSTRAINT "order_approval_steps_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_approval_steps" ADD CONSTRAINT "order_approval_steps_approval_fk" FOREIGN KEY ("tenant_id","approval_id") REFERENCES "public"."order_approvals"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_approvals" ADD CONSTRAINT "order_approvals_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_approvals" ADD CONSTRAINT "order_approvals_order_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."orders"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_approvals" ADD CONSTRAINT "order_approvals_company_fk" FOREIGN KEY ("tenant_id","company_id") REFERENCES "public"."business_accounts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;