CREATE TABLE "customer_value_runs" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"message" text,
	"customers" integer NOT NULL,
	"facts" jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_values" (
	"tenant_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"orders" integer NOT NULL,
	"frequency" integer NOT NULL,
	"recency_days" integer NOT NULL,
	"age_days" integer NOT NULL,
	"first_order_on" date NOT NULL,
	"last_order_on" date NOT NULL,
	"spent" integer NOT NULL,
	"currency" text NOT NULL,
	"p_alive" double precision NOT NULL,
	"expected_purchases" double precision NOT NULL,
	"expected_value" integer NOT NULL,
	"interactions" integer NOT NULL,
	"expected_service_cost" integer NOT NULL,
	"segment" text NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customer_values_tenant_id_customer_id_pk" PRIMARY KEY("tenant_id","customer_id")
);
--> statement-breakpoint
ALTER TABLE "customer_value_runs" ADD CONSTRAINT "customer_value_runs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_values" ADD CONSTRAINT "customer_values_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_values" ADD CONSTRAINT "customer_values_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_values_segment" ON "customer_values" USING btree ("tenant_id","segment","expected_value");