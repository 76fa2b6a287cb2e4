CREATE TABLE "capacity_changes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"work_center_id" uuid NOT NULL,
	"first_day" date NOT NULL,
	"last_day" date NOT NULL,
	"minutes_per_day" integer NOT NULL,
	"reason" text NOT NULL,
	"apology" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"applied_at" timestamp with time zone,
	"orders_moved" integer,
	CONSTRAINT "capacity_changes_days" CHECK ("capacity_changes"."first_day" <= "capacity_changes"."last_day"),
	CONSTRAINT "capacity_changes_minutes" CHECK ("capacity_changes"."minutes_per_day" >= 0 and "capacity_changes"."minutes_per_day" <= 1440)
);
--> statement-breakpoint
ALTER TABLE "capacity_changes" ADD CONSTRAINT "capacity_changes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "capacity_changes" ADD CONSTRAINT "capacity_changes_center_fk" FOREIGN KEY ("tenant_id","work_center_id") REFERENCES "public"."work_centers"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "capacity_changes_center" ON "capacity_changes" USING btree ("tenant_id","work_center_id","status","last_day");