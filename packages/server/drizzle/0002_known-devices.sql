CREATE TABLE "known_devices" (
	"token_hash" text NOT NULL,
	"tenant_id" uuid NOT NULL,
	"account_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_used_at" timestamp with time zone NOT NULL,
	CONSTRAINT "known_devices_token_hash_tenant_id_account_hash_pk" PRIMARY KEY("token_hash","tenant_id","account_hash")
);
--> statement-breakpoint
ALTER TABLE "known_devices" ADD CONSTRAINT "known_devices_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;