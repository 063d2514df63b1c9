/**
 * The one work-list table (UX.md principle 4), on TanStack Table (headless: it keeps sort, column
 * and selection state; the markup and styling are ours).
 *
 * - Sortable headers are buttons inside `<th aria-sort>`. Sorting is the page's decision: with
 *   `manualSorting` the page asks the server (and keeps the sort in the URL); without it the rows
 *   the page has loaded (a bounded list) are sorted here.
 * - Column choice (show/hide) and the compact density are remembered per table in localStorage.
 * - Row selection for bulk actions; every bulk action goes through a confirmation dialog that says
 *   how many rows it touches.
 * - `activeRowId` marks the keyboard-focused row of a triage list (the page owns the keys).
 */
import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type OnChangeFn,
  type RowData,
  type RowSelectionState,
  type SortingState,
  type VisibilityState,
} from '@tanstack/react-table';
import { useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import { ConfirmDialog } from './ConfirmDialog';
import './data-table.css';

export type { ColumnDef, RowSelectionState, SortingState } from '@tanstack/react-table';

/** A bulk action over the selected rows; `confirm` is the dialog's title and text for `n` rows. */
export interface BulkAction {
  id: string;
  label: string;
  danger?: boolean;
  irreversible?: boolean;
  confirm: (n: number) => { title: string; text: string; button: string };
  run: (ids: string[]) => Promise<void>;
}

export interface DataTableProps<T> {
  /** Names the remembered column choice; unique per page. */
  id: string;
  caption: string;
  data: T[];
  // TanStack's column value type varies per column; `any` is its documented way to mix them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<T, any>[];
  getRowId: (row: T) => string;
  /** Accessible label of a row (its selection checkbox). */
  rowLabel: (row: T) => string;
  sorting: SortingState;
  onSortingChange: OnChangeFn<SortingState>;
  /** True when the server sorts (the rows arrive in order); false sorts the loaded rows here. */
  manualSorting: boolean;
  selection?: RowSelectionState;
  onSelectionChange?: OnChangeFn<RowSelectionState>;
  bulkActions?: BulkAction[];
  /** Rows that may be selected (default: all); the others show a disabled checkbox. */
  canSelect?: (row: T) => boolean;
  activeRowId?: string | null;
  onRowClick?: (id: string) => void;
  /** Shown instead of the table when there are no rows. */
  empty?: ReactNode;
  /** Columns hidden until the person shows them (their choice is remembered). */
  defaultHidden?: string[];
}

declare module '@tanstack/react-table' {
  /**
   * Per-column extras: `className` goes on the column's cells (a minimum width for a title);
   * `sortNote` is the sort button's tooltip, e.g. that only the loaded rows are sorted;
   * `rowHeader` renders the column's cells as `<th scope="row">` (the name of the row).
   */
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the type parameters must match TanStack's declaration
  interface ColumnMeta<TData extends RowData, TValue> {
    className?: string;
    sortNote?: string;
    rowHeader?: boolean;
  }
}

const PLURALS = { de: new Intl.PluralRules('de-DE'), en: new Intl.PluralRules('en-GB') };

function readStored<T>(key: string, fallback: T): T {
  try {
    const raw = window.localStorage.getItem(key);
    return raw === null ? fallback : (JSON.parse(raw) as T);
  } catch {
    return fallback;
  }
}

function store(key: string, value: unknown): void {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private mode or a full store: the choice then lasts for this page view only.
  }
}

export function DataTable<T>(props: DataTableProps<T>) {
  const { t, lang } = useI18n();
  const ids = useId();
  const columnsKey = `lagebild.table.${props.id}.columns`;
  const [columnVisibility, setColumnVisibility] = useState<VisibilityState>(() => readStored(columnsKey, Object.fromEntries((props.defaultHidden ?? []).map((id) => [id, false]))));
  const [compact, setCompact] = useState<boolean>(() => readStored('lagebild.table.compact', false));
  const [pending, setPending] = useState<BulkAction | null>(null);
  const [columnsOpen, setColumnsOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const selectable = props.selection !== undefined && props.onSelectionChange !== undefined;

  useEffect(() => store(columnsKey, columnVisibility), [columnsKey, columnVisibility]);
  useEffect(() => store('lagebild.table.compact', compact), [compact]);

  // TanStack caches each row's accessor values until `data` changes; columns whose accessors
  // changed (another UI language: German or English title) need fresh rows, not the cached values.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- new columns are exactly why a fresh array is needed
  const data = useMemo(() => [...props.data], [props.data, props.columns]);
  const table = useReactTable({
    data,
    columns: props.columns,
    getRowId: props.getRowId,
    state: { sorting: props.sorting, columnVisibility, rowSelection: props.selection ?? {} },
    onSortingChange: props.onSortingChange,
    onColumnVisibilityChange: setColumnVisibility,
    ...(props.onSelectionChange ? { onRowSelectionChange: props.onSelectionChange } : {}),
    enableRowSelection: selectable && props.canSelect ? (row) => props.canSelect!(row.original) : selectable,
    enableSortingRemoval: false,
    manualSorting: props.manualSorting,
    getCoreRowModel: getCoreRowModel(),
    ...(props.manualSorting ? {} : { getSortedRowModel: getSortedRowModel() }),
  });

  const selectedIds = Object.keys(props.selection ?? {}).filter((id) => props.selection?.[id]);
  const selectedText = t(`table.selected.${PLURALS[lang].select(selectedIds.length) === 'one' ? 'one' : 'other'}`, { n: selectedIds.length });

  const runPending = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      await pending.run(selectedIds);
      props.onSelectionChange?.({});
    } finally {
      setBusy(false);
      setPending(null);
    }
  };

  const rows = table.getRowModel().rows;
  const confirm = pending?.confirm(selectedIds.length);

  return (
    <div className={`data-table-wrap${compact ? ' data-table-wrap--compact' : ''}`}>
      <div className="data-table__tools">
        {/* The choices exist only while the disclosure is open: closed, they would add a second control per column name. */}
        <details className="data-table__columns" onToggle={(event) => setColumnsOpen(event.currentTarget.open)}>
          <summary className="button button--secondary">{t('table.columns')}</summary>
          {columnsOpen ? (
          <fieldset>
            <legend className="field-hint">{t('table.columnsHint')}</legend>
            {table
              .getAllLeafColumns()
              .filter((column) => column.getCanHide())
              .map((column) => (
                <label key={column.id} className="data-table__column-choice">
                  <input type="checkbox" checked={column.getIsVisible()} onChange={column.getToggleVisibilityHandler()} />
                  {typeof column.columnDef.header === 'string' ? column.columnDef.header : column.id}
                </label>
              ))}
          </fieldset>
          ) : null}
        </details>
        <button type="button" className="button button--secondary" aria-pressed={compact} onClick={() => setCompact((value) => !value)}>
          {t('table.compact')}
        </button>
        {selectable && selectedIds.length > 0 ? (
          <div className="data-table__bulk" role="group" aria-label={selectedText}>
            <span aria-live="polite">{selectedText}</span>
            {props.bulkActions?.map((action) => (
              <button key={action.id} type="button" className={`button ${action.danger ? 'button--danger' : 'button--secondary'}`} disabled={busy} onClick={() => setPending(action)}>
                {action.label}
              </button>
            ))}
            <button type="button" className="button button--secondary" onClick={() => props.onSelectionChange?.({})}>
              {t('table.clearSelection')}
            </button>
          </div>
        ) : null}
      </div>
      {rows.length === 0 && props.empty ? (
        props.empty
      ) : (
        <div className="table-scroll">
          <table className="data-table data-table--work" aria-describedby={`${ids}-caption`}>
            <caption id={`${ids}-caption`} className="visually-hidden">
              {props.caption}
            </caption>
            <thead>
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {selectable ? (
                    <th scope="col" className="data-table__select">
                      <input
                        type="checkbox"
                        aria-label={t('table.selectAll')}
                        checked={table.getIsAllRowsSelected()}
                        ref={(element) => {
                          if (element) element.indeterminate = table.getIsSomeRowsSelected();
                        }}
                        onChange={table.getToggleAllRowsSelectedHandler()}
                      />
                    </th>
                  ) : null}
                  {group.headers.map((header) => {
                    const sorted = header.column.getIsSorted();
                    const canSort = header.column.getCanSort();
                    const label = flexRender(header.column.columnDef.header, header.getContext());
                    return (
                      <th key={header.id} scope="col" aria-sort={canSort ? (sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none') : undefined}>
                        {canSort ? (
                          <button type="button" className="data-table__sort" title={header.column.columnDef.meta?.sortNote} onClick={header.column.getToggleSortingHandler()}>
                            {label}
                            <span aria-hidden="true" className="data-table__sort-mark">
                              {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                            </span>
                          </button>
                        ) : (
                          label
                        )}
                      </th>
                    );
                  })}
                </tr>
              ))}
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr
                  key={row.id}
                  data-row-id={row.id}
                  className={[row.getIsSelected() ? 'is-selected' : '', props.activeRowId === row.id ? 'is-active' : ''].filter(Boolean).join(' ') || undefined}
                  aria-current={props.activeRowId === row.id ? 'true' : undefined}
                  onClick={props.onRowClick ? () => props.onRowClick?.(row.id) : undefined}
                >
                  {selectable ? (
                    <td className="data-table__select">
                      <input type="checkbox" aria-label={t('table.selectRow', { label: props.rowLabel(row.original) })} checked={row.getIsSelected()} disabled={!row.getCanSelect()} onChange={row.getToggleSelectedHandler()} />
                    </td>
                  ) : null}
                  {row.getVisibleCells().map((cell) =>
                    cell.column.columnDef.meta?.rowHeader ? (
                      <th key={cell.id} scope="row" className={cell.column.columnDef.meta.className}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</th>
                    ) : (
                      <td key={cell.id} className={cell.column.columnDef.meta?.className}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={pending !== null}
        title={confirm?.title ?? ''}
        confirmLabel={confirm?.button ?? ''}
        danger={pending?.danger ?? false}
        busy={busy}
        onConfirm={() => void runPending()}
        onCancel={() => setPending(null)}
      >
        <p>{confirm?.text}</p>
        {pending?.irreversible ? <p>{t('table.confirm.irreversible')}</p> : null}
      </ConfirmDialog>
    </div>
  );
}
