/** One labelled select of a filter bar: the options, and an optional "any" entry with the empty value. */
export function SelectField({ id, label, value, onChange, options, anyLabel }: { id: string; label: string; value: string; onChange: (value: string) => void; options: readonly { value: string; label: string }[]; anyLabel?: string | undefined }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
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
