/**
 * The metrics that tell an operator whether Lagebild keeps its promise (docs/operations.md
 * "Monitoring"): is live delivery keeping up with the outbox, are notifications going out, are the
 * feeds fresh, do the scheduled jobs succeed. Read at scrape time (one small query each), so nothing
 * has to be kept in step in the hot paths; every instance reports its own dispatcher and sockets.
 */
import { sql } from 'drizzle-orm';
import { Gauge, type Registry } from 'prom-client';
import { queryRows, type Database } from '../platform/db/client.js';

export type OperationalSources = {
  db: Database;
  /** This instance's live-delivery position in the outbox. */
  dispatcherPosition: () => number;
  /** Connected Socket.IO clients on this instance. */
  socketConnections: () => number;
};

export function registerOperationalMetrics(registry: Registry, sources: OperationalSources): void {
  const { db } = sources;
  new Gauge({
    name: 'lagebild_outbox_latest_seq',
    help: 'Highest event sequence number written to the outbox',
    registers: [registry],
    async collect() {
      const [row] = await queryRows<{ seq: number | null }>(db, sql`select max(seq)::bigint as seq from events`);
      this.set(Number(row?.seq ?? 0));
    },
  });
  new Gauge({
    name: 'lagebild_dispatcher_position_seq',
    help: 'Outbox sequence number this instance has delivered to its sockets (lag = latest - position)',
    registers: [registry],
    collect() {
      this.set(sources.dispatcherPosition());
    },
  });
  new Gauge({
    name: 'lagebild_socket_connections',
    help: 'Socket.IO clients connected to this instance',
    registers: [registry],
    collect() {
      this.set(sources.socketConnections());
    },
  });
  new Gauge({
    name: 'lagebild_notification_deliveries',
    help: 'E-mail and webhook deliveries by status (pending includes those waiting for a retry)',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await queryRows<{ status: string; n: number }>(db, sql`select status, count(*)::int as n from deliveries group by status`);
      for (const row of rows) this.set({ status: row.status }, Number(row.n));
    },
  });
  new Gauge({
    name: 'lagebild_feed_last_success_timestamp_seconds',
    help: 'When each enabled feed source last completed a run successfully (0: never)',
    labelNames: ['source'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await queryRows<{ key: string; at: number | null }>(
        db,
        sql`select s.key, extract(epoch from max(r.finished_at))::float8 as at
            from feed_sources s left join feed_runs r on r.source_id = s.id and r.status in ('succeeded', 'partial')
            where s.enabled group by s.key`,
      );
      for (const row of rows) this.set({ source: row.key }, Number(row.at ?? 0));
    },
  });
  new Gauge({
    name: 'lagebild_feed_last_run_failed',
    help: '1 when the latest finished run of an enabled feed source failed',
    labelNames: ['source'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await queryRows<{ key: string; failed: boolean }>(
        db,
        sql`select distinct on (s.key) s.key, r.status = 'failed' as failed
            from feed_sources s join feed_runs r on r.source_id = s.id
            where s.enabled and r.status <> 'running' order by s.key, r.started_at desc`,
      );
      for (const row of rows) this.set({ source: row.key }, row.failed ? 1 : 0);
    },
  });
  new Gauge({
    name: 'lagebild_job_last_run_failed',
    help: '1 when the latest run of a scheduled job failed or timed out',
    labelNames: ['job'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await queryRows<{ name: string; failed: boolean }>(
        db,
        sql`select distinct on (name) name, status in ('failed', 'timed_out') as failed
            from job_runs where status <> 'running' order by name, started_at desc`,
      );
      for (const row of rows) this.set({ job: row.name }, row.failed ? 1 : 0);
    },
  });
}
