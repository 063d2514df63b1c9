import { useState } from 'react';
import { useI18n } from '../i18n';

/**
 * A file input that looks like the rest of the client: the browser's own control ("Choose File",
 * always in the browser's language) is visually hidden but stays focusable and labelled; a
 * button-styled label opens it and the chosen file's name is shown next to it in the UI language.
 */
export function FileField({ id, name, label, accept, onFile }: { id: string; name?: string; label: string; accept?: string; onFile?: (file: File | null) => void }) {
  const { t } = useI18n();
  const [fileName, setFileName] = useState('');
  return (
    <div className="field file-field">
      <label htmlFor={id}>{label}</label>
      <div className="file-field__row">
        <input id={id} name={name ?? id} type="file" accept={accept} className="file-field__input" aria-describedby={`${id}-name`} onChange={(event) => {
            const file = event.target.files?.[0] ?? null;
            setFileName(file?.name ?? '');
            onFile?.(file);
          }} />
        {/* A second label: clicking it opens the picker; aria-hidden because the first one already names the input. */}
        <label htmlFor={id} className="button button--secondary button--small file-field__button" aria-hidden="true">
          {t('file.choose')}
        </label>
        <span id={`${id}-name`} className={fileName ? 'file-field__name' : 'file-field__name file-field__name--none'}>
          {fileName || t('file.none')}
        </span>
      </div>
    </div>
  );
}
