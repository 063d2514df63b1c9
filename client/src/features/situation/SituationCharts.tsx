/**
 * The home page's charts (recharts, SVG), each a <figure> whose caption states the finding in words
 * and whose data is also a table (the text alternative).
 */
import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useI18n, type MessageKey } from '../../i18n';
import type { Situation } from './model';

const SEVERITY_COLORS = { kritisch: '#8b0000', hoch: '#d9480f', mittel: '#e8a317', niedrig: '#5c7cfa' } as const;
const SECTOR_COLORS = ['#1c7ed6', '#2b8a3e', '#e8590c', '#862e9c', '#c92a2a', '#495057', '#0b7285', '#a61e4d'];

function ChartFigure({ title, summary, table, children }: { title: string; summary: string; table: ReactNode; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <figure className="chart card">
      <figcaption>
        <h3 className="chart__title">{title}</h3>
        <p className="chart__summary">{summary}</p>
      </figcaption>
      {/* The figure caption and the table carry the content; the drawing is decoration and takes no focus. */}
      <div className="chart__plot" aria-hidden="true" inert>{children}</div>
      <details className="chart__data">
        <summary>{t('situation.charts.table')}</summary>
        {table}
      </details>
    </figure>
  );
}

function shortDate(lang: string, iso: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'de-DE', { day: '2-digit', month: '2-digit' }).format(new Date(`${iso}T12:00:00Z`));
}

function monthLabel(lang: string, month: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'de-DE', { month: 'short', year: '2-digit' }).format(new Date(`${month}-15T12:00:00Z`));
}

export function AdvisoriesPerWeekChart({ data }: { data: Situation['charts']['advisoriesPerWeek'] }) {
  const { t, lang } = useI18n();
  const severities = ['kritisch', 'hoch', 'mittel', 'niedrig'] as const;
  const rows = data.map((row) => ({ ...row, label: shortDate(lang, row.week) }));
  const total = data.reduce((sum, row) => sum + row.kritisch + row.hoch + row.mittel + row.niedrig, 0);
  const critical = data.reduce((sum, row) => sum + row.kritisch, 0);
  return (
    <ChartFigure
      title={t('situation.charts.advisories')}
      summary={t('situation.charts.advisoriesSummary', { total, critical })}
      table={
        <table className="data-table data-table--compact">
          <thead><tr><th scope="col">{t('situation.charts.week')}</th>{severities.map((s) => <th key={s} scope="col">{t(`severity.${s}` as MessageKey)}</th>)}</tr></thead>
          <tbody>{rows.map((row) => <tr key={row.week}><th scope="row">{row.label}</th>{severities.map((s) => <td key={s}>{row[s]}</td>)}</tr>)}</tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -20 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" fontSize={12} />
          <YAxis allowDecimals={false} fontSize={12} />
          <Tooltip />
          {/* Recharts sorts legend items by name by default (Critical, High, Low, Medium): sort by severity instead. */}
          <Legend itemSorter={(item) => severities.indexOf(item.dataKey as (typeof severities)[number])} />
          {severities.map((s) => <Bar key={s} dataKey={s} name={t(`severity.${s}` as MessageKey)} stackId="a" fill={SEVERITY_COLORS[s]} isAnimationActive={false} />)}
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

export function IncidentsPerMonthChart({ data }: { data: NonNullable<Situation['charts']['incidentsPerMonth']> }) {
  const { t, lang } = useI18n();
  const sectors = [...new Set(data.flatMap((row) => Object.keys(row.bySector)))].sort();
  const rows = data.map((row) => ({ label: monthLabel(lang, row.month), ...row.bySector, total: row.total, month: row.month }));
  const sectorName = (sector: string) => t(`sector.${sector}` as MessageKey);
  return (
    <ChartFigure
      title={t('situation.charts.incidents')}
      summary={t('situation.charts.incidentsSummary', { total: data.reduce((sum, row) => sum + row.total, 0) })}
      table={
        <table className="data-table data-table--compact">
          <thead><tr><th scope="col">{t('situation.charts.month')}</th>{sectors.map((s) => <th key={s} scope="col">{sectorName(s)}</th>)}<th scope="col">{t('situation.charts.total')}</th></tr></thead>
          <tbody>{data.map((row) => <tr key={row.month}><th scope="row">{monthLabel(lang, row.month)}</th>{sectors.map((s) => <td key={s}>{row.bySector[s] ?? 0}</td>)}<td>{row.total}</td></tr>)}</tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -20 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" fontSize={12} />
          <YAxis allowDecimals={false} fontSize={12} />
          <Tooltip />
          <Legend />
          {sectors.map((s, index) => <Bar key={s} dataKey={s} name={sectorName(s)} stackId="a" fill={SECTOR_COLORS[index % SECTOR_COLORS.length]} isAnimationActive={false} />)}
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

export function MedianAcknowledgeChart({ data }: { data: NonNullable<Situation['charts']['medianAcknowledgeHours']> }) {
  const { t, lang } = useI18n();
  const latest = [...data].reverse().find((row) => row.hours !== null);
  const rows = data.map((row) => ({ label: monthLabel(lang, row.month), hours: row.hours }));
  return (
    <ChartFigure
      title={t('situation.charts.ack')}
      summary={latest ? t('situation.charts.ackSummary', { hours: new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'de-DE').format(latest.hours!) }) : t('situation.charts.ackNone')}
      table={
        <table className="data-table data-table--compact">
          <thead><tr><th scope="col">{t('situation.charts.month')}</th><th scope="col">{t('situation.charts.hours')}</th><th scope="col">{t('situation.charts.answers')}</th></tr></thead>
          <tbody>{data.map((row) => <tr key={row.month}><th scope="row">{monthLabel(lang, row.month)}</th><td>{row.hours ?? '–'}</td><td>{row.answers}</td></tr>)}</tbody>
        </table>
      }
    >
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -20 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" fontSize={12} />
          <YAxis fontSize={12} />
          <Tooltip />
          <Line type="monotone" dataKey="hours" name={t('situation.charts.hours')} stroke="#1c7ed6" strokeWidth={2} connectNulls isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
