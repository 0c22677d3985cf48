CREATE TABLE "checkpoints" (
	"subscriber" text PRIMARY KEY NOT NULL,
	"transaction_id" "xid8" NOT NULL,
	"global_position" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"collection" text NOT NULL,
	"id" text NOT NULL,
	"data" jsonb NOT NULL,
	CONSTRAINT "documents_collection_id_pk" PRIMARY KEY("collection","id")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"global_position" bigserial PRIMARY KEY NOT NULL,
	"transaction_id" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"stream_id" text NOT NULL,
	"stream_version" integer NOT NULL,
	"event_id" uuid NOT NULL,
	"type" text NOT NULL,
	"data" jsonb NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_event_id_key" UNIQUE("event_id"),
	CONSTRAINT "events_stream_version_key" UNIQUE("stream_id","stream_version")
);
--> statement-breakpoint
CREATE TABLE "snapshots" (
	"stream_id" text PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"state" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "streams" (
	"stream_id" text PRIMARY KEY NOT NULL,
	"version" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "documents_data_idx" ON "documents" USING gin ("data" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "events_transaction_order_idx" ON "events" USING btree ("transaction_id","global_position");