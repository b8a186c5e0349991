namespace OrleansCsms.Hosting.Clustering;

/// <summary>The tables behind membership, gateways and reminders; every statement is safe to run again.</summary>
internal static class ClusteringSchema
{
    // Any fixed number works while nothing else in the database takes the same advisory lock; this one reads
    // "CSMSORL1" and differs from the storage migrations' key.
    public const long AdvisoryLockKey = 0x4353_4D53_4F52_4C31;

    // Timestamps are timestamptz so that hosts in different time zones agree; etags are opaque text so that
    // a stale one can never match by accident after a row is deleted and written again.
    public const string CreateTables = """
        CREATE TABLE IF NOT EXISTS orleans_membership_versions (
            cluster_id text PRIMARY KEY,
            version integer NOT NULL,
            etag text NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE IF NOT EXISTS orleans_membership (
            cluster_id text NOT NULL REFERENCES orleans_membership_versions (cluster_id) ON DELETE CASCADE,
            silo_address text NOT NULL,
            status integer NOT NULL,
            suspecting_silos text[] NOT NULL DEFAULT '{}',
            suspect_times timestamptz[] NOT NULL DEFAULT '{}',
            proxy_port integer NOT NULL,
            host_name text,
            silo_name text,
            role_name text,
            update_zone integer NOT NULL,
            fault_zone integer NOT NULL,
            start_time timestamptz NOT NULL,
            i_am_alive_time timestamptz NOT NULL,
            etag text NOT NULL,
            PRIMARY KEY (cluster_id, silo_address)
        );

        CREATE TABLE IF NOT EXISTS orleans_reminders (
            service_id text NOT NULL,
            grain_id text NOT NULL,
            reminder_name text NOT NULL,
            grain_hash bigint NOT NULL,
            start_at timestamptz NOT NULL,
            period interval NOT NULL,
            etag text NOT NULL,
            PRIMARY KEY (service_id, grain_id, reminder_name)
        );

        CREATE INDEX IF NOT EXISTS orleans_reminders_by_hash ON orleans_reminders (service_id, grain_hash);
        """;
}
