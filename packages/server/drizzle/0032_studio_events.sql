CREATE TABLE "studio_event_counts" (
	"tenant_id" uuid NOT NULL,
	"day" date NOT NULL,
	"product_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"entry" smallint NOT NULL,
	"type" smallint NOT NULL,
	"rule" integer NOT NULL,
	"events" integer NOT NULL,
	"sessions" integer NOT NULL,
	"revenue" bigint NOT NULL,
	CONSTRAINT "studio_event_counts_pk" PRIMARY KEY("tenant_id","day","version_id","entry","type","rule")
);
--> statement-breakpoint
CREATE TABLE "studio_event_drops" (
	"tenant_id" uuid NOT NULL,
	"day" date NOT NULL,
	"reason" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "studio_event_drops_pk" PRIMARY KEY("tenant_id","day","reason")
);
--> statement-breakpoint
CREATE TABLE "studio_events" (
	"tenant_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"type" smallint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"feature" smallint,
	"value" integer,
	"rules" integer[],
	"price" integer
);
--> statement-breakpoint
CREATE TABLE "studio_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"visit" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"entry" smallint NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	CONSTRAINT "studio_sessions_visit" UNIQUE("tenant_id","visit")
);
--> statement-breakpoint
ALTER TABLE "studio_event_counts" ADD CONSTRAINT "studio_event_counts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_event_drops" ADD CONSTRAINT "studio_event_drops_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_events" ADD CONSTRAINT "studio_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_events" ADD CONSTRAINT "studio_events_session_id_studio_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."studio_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_sessions" ADD CONSTRAINT "studio_sessions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "studio_event_counts_product" ON "studio_event_counts" USING btree ("tenant_id","product_id","day");--> statement-breakpoint
CREATE INDEX "studio_events_session" ON "studio_events" USING btree ("tenant_id","session_id");