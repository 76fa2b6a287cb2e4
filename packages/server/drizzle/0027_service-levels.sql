CREATE TABLE "segment_service_levels" (
	"tenant_id" uuid NOT NULL,
	"segment" text NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"response_target_hours" integer,
	"may_use_reserved_capacity" boolean DEFAULT false NOT NULL,
	"contact_staff_id" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "segment_service_levels_tenant_id_segment_pk" PRIMARY KEY("tenant_id","segment")
);
--> statement-breakpoint
ALTER TABLE "work_centers" ADD COLUMN "reserved_minutes_per_day" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "segment_service_levels" ADD CONSTRAINT "segment_service_levels_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_service_levels" ADD CONSTRAINT "segment_service_levels_contact_staff_id_staff_users_id_fk" FOREIGN KEY ("contact_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_centers" ADD CONSTRAINT "work_centers_reserve_within_day" CHECK ("work_centers"."reserved_minutes_per_day" >= 0 and "work_centers"."reserved_minutes_per_day" <= "work_centers"."minutes_per_day");