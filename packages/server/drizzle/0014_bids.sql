CREATE TABLE "bid_holds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"bid_id" uuid NOT NULL,
	"work_center_id" uuid NOT NULL,
	"day" date NOT NULL,
	"minutes" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bids" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"customer_id" uuid,
	"email" text,
	"token_hash" text NOT NULL,
	"client_hash" text,
	"must_have" jsonb NOT NULL,
	"flexible" jsonb NOT NULL,
	"personalization" jsonb NOT NULL,
	"price" integer NOT NULL,
	"currency" text NOT NULL,
	"latest_date" date NOT NULL,
	"status" text NOT NULL,
	"offer" jsonb,
	"expires_at" timestamp with time zone,
	"suggestions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"floor" jsonb,
	"rebid_key_hash" text NOT NULL,
	"order_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "bids_tenant_id" UNIQUE("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "bid_id" uuid;--> statement-breakpoint
ALTER TABLE "bid_holds" ADD CONSTRAINT "bid_holds_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_holds" ADD CONSTRAINT "bid_holds_bid_fk" FOREIGN KEY ("tenant_id","bid_id") REFERENCES "public"."bids"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bid_holds" ADD CONSTRAINT "bid_holds_center_fk" FOREIGN KEY ("tenant_id","work_center_id") REFERENCES "public"."work_centers"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bids" ADD CONSTRAINT "bids_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bid_holds_center_day" ON "bid_holds" USING btree ("tenant_id","work_center_id","day");--> statement-breakpoint
CREATE INDEX "bid_holds_bid" ON "bid_holds" USING btree ("tenant_id","bid_id");--> statement-breakpoint
CREATE INDEX "bid_holds_expires" ON "bid_holds" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "bids_tenant_created" ON "bids" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "bids_tenant_rebid" ON "bids" USING btree ("tenant_id","rebid_key_hash","created_at");--> statement-breakpoint
CREATE INDEX "bids_tenant_customer" ON "bids" USING btree ("tenant_id","customer_id","created_at");--> statement-breakpoint
CREATE INDEX "bids_expires" ON "bids" USING btree ("expires_at");