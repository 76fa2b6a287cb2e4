ALTER TABLE "idempotency_records" ADD COLUMN "caller" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "idempotency_records" DROP CONSTRAINT "idempotency_records_tenant_id_route_key_pk";--> statement-breakpoint
ALTER TABLE "idempotency_records" ADD CONSTRAINT "idempotency_records_tenant_id_caller_route_key_pk" PRIMARY KEY("tenant_id","caller","route","key");
