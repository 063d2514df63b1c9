/**
 * One labelled select in the app's field style: the options, and an optional "any" entry with the
 * empty value. In a table cell (`inCell`) the label is read but not shown — the column header
 * says what the select is — and the field drops its outer spacing.
 */
export function SelectField({
  id,
  label,
  value,
  onChange,
  options,
  anyLabel,
  inCell = false,
  disabled = false,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
  anyLabel?: string | undefined;
  inCell?: boolean;
  disabled?: boolean;
}) {
  return (
    <div className={inCell ? 'field field--cell' : 'field'}>
      <label htmlFor={id} className={inCell ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <select id={id} value={value} disabled={disabled} onChange={(event) => onChange(event.target.value)}>
        {anyLabel !== undefined ? <option value="">{anyLabel}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
