CREATE TABLE "punchout_credentials" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"business_account_id" uuid NOT NULL,
	"domain" text NOT NULL,
	"identity" text NOT NULL,
	"secret_hash" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "punchout_credentials_tenant_id" UNIQUE("tenant_id","id"),
	CONSTRAINT "punchout_credentials_identity" UNIQUE("tenant_id","domain","identity")
);
--> statement-breakpoint
CREATE TABLE "punchout_order_requests" (
	"tenant_id" uuid NOT NULL,
	"credential_id" uuid NOT NULL,
	"payload_id" text NOT NULL,
	"buyer_order_id" text NOT NULL,
	"order_ids" jsonb NOT NULL,
	"status" integer NOT NULL,
	"answer" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "punchout_order_requests_tenant_id_credential_id_payload_id_pk" PRIMARY KEY("tenant_id","credential_id","payload_id")
);
--> statement-breakpoint
CREATE TABLE "punchout_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"credential_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"format" text NOT NULL,
	"operation" text NOT NULL,
	"buyer_cookie" text,
	"prefill" jsonb NOT NULL,
	"return_url" text NOT NULL,
	"start_token_hash" text NOT NULL,
	"start_expires_at" timestamp with time zone NOT NULL,
	"auth_session_id" uuid,
	"started_at" timestamp with time zone,
	"returned_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "punchout_sessions_start_token_hash_unique" UNIQUE("start_token_hash")
);
--> statement-breakpoint
ALTER TABLE "punchout_credentials" ADD CONSTRAINT "punchout_credentials_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punchout_credentials" ADD CONSTRAINT "punchout_credentials_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punchout_credentials" ADD CONSTRAINT "punchout_credentials_business_account_fk" FOREIGN KEY ("tenant_id","business_account_id") REFERENCES "public"."business_accounts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punchout_order_requests" ADD CONSTRAINT "punchout_order_requests_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punchout_order_requests" ADD CONSTRAINT "punchout_order_requests_credential_fk" FOREIGN KEY ("tenant_id","credential_id") REFERENCES "public"."punchout_credentials"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punchout_sessions" ADD CONSTRAINT "punchout_sessions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punchout_sessions" ADD CONSTRAINT "punchout_sessions_credential_fk" FOREIGN KEY ("tenant_id","credential_id") REFERENCES "public"."punchout_credentials"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "punchout_sessions_auth_session" ON "punchout_sessions" USING btree ("tenant_id","auth_session_id");