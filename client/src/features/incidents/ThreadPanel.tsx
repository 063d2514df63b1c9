import { useCallback, useEffect, useState } from 'react';
import { useAnnounce } from '../../app/announcer';
import { FileField } from '../../components/FileField';
import { useLiveEvents } from '../../app/live';
import { useI18n } from '../../i18n';
import { ApiError, api, getCsrfToken, type ProblemDetails } from '../../lib/api';
import { problemWording } from '../../lib/problem-wording';
import { useMe } from '../../lib/session';
import { worded, type Wording } from '../../lib/wording';
import { berlinText, type Message, type Page } from './model';

async function upload(incidentId: string, file: File): Promise<string> {
  const response = await fetch(`/api/v1/incidents/${incidentId}/attachments?filename=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': getCsrfToken() ?? '' },
    body: file,
  });
  const body = (await response.json()) as ProblemDetails & { id?: string };
  // A refusal is a problem+json answer like any other: worded by its code (lib/problem-wording.ts).
  if (!response.ok || !body.id) throw new ApiError(response.status, body);
  return body.id;
}

/**
 * The secure thread: messages with TLP, attachments (downloads), read receipts. Live: a message or a
 * read receipt of the other side reloads the thread (through REST, so each reader's own `readByMe`
 * holds) and a new message from someone else is announced in the polite live region.
 */
export function ThreadPanel({ incidentId }: { incidentId: string }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const announce = useAnnounce();
  const [messages, setMessages] = useState<Message[]>([]);
  const [body, setBody] = useState('');
  const [tlp, setTlp] = useState('AMBER+STRICT');
  const [file, setFile] = useState<File | null>(null);
  // A new key after sending empties the file field (a file input cannot be set from state).
  const [fileKey, setFileKey] = useState(0);
  const [error, setError] = useState<Wording | null>(null);

  const load = useCallback(async () => {
    const page = await api.get<Page<Message>>(`/incidents/${incidentId}/messages`);
    setMessages(page.items);
    for (const message of page.items.filter((item) => !item.readByMe)) await api.post(`/incidents/${incidentId}/messages/${message.id}/read`);
  }, [incidentId]);

  useEffect(() => {
    void load().catch(() => undefined);
  }, [load]);

  useLiveEvents(
    (event) => {
      if (event.type !== 'incident.message.posted' && event.type !== 'incident.message.read') return;
      const payload = event.payload as { incidentId?: unknown; author?: { userId?: unknown; name?: unknown }; userId?: unknown };
      if (payload.incidentId !== incidentId) return;
      const fromMe = (event.type === 'incident.message.posted' ? payload.author?.userId : payload.userId) === me.user.id;
      if (fromMe) return; // my own message or read receipt: already shown by send()/load()
      void load().catch(() => undefined);
      if (event.type === 'incident.message.posted' && typeof payload.author?.name === 'string') announce(t('thread.live.posted', { name: payload.author.name }));
    },
    () => void load().catch(() => undefined),
  );

  async function send() {
    setError(null);
    try {
      const attachmentIds = file ? [await upload(incidentId, file)] : [];
      await api.post(`/incidents/${incidentId}/messages`, { body, tlp, attachmentIds });
      setBody('');
      setFile(null);
      setFileKey((key) => key + 1);
      await load();
    } catch (e) {
      setError(problemWording(e));
    }
  }

  return (
    <section className="card panel" aria-labelledby="thread-heading">
      <h2 id="thread-heading" className="panel__title">{t('thread.title')}</h2>
      {messages.length === 0 && <p>{t('thread.empty')}</p>}
      <ol aria-live="polite">
        {messages.map((message) => (
          <li key={message.id} className={`message${message.fromCert ? ' cert' : ''}`}>
            <p>
              <strong>{message.author.name}</strong> ({message.author.organizationName}) · TLP:{message.tlp} · {berlinText(message.createdAt, lang)}
            </p>
            <p>{message.body}</p>
            {message.attachments.map((attachment) => (
              <p key={attachment.id}>
                <a href={`/api/v1/incidents/${incidentId}/attachments/${attachment.id}`} download>
                  {attachment.fileName}
                </a>{' '}
                ({attachment.size} B)
              </p>
            ))}
            {message.readBy.length > 0 && <p className="hint">{t('thread.readBy', { names: message.readBy.map((reader) => reader.name).join(', ') })}</p>}
          </li>
        ))}
      </ol>
      <form onSubmit={(e) => { e.preventDefault(); void send(); }}>
        <label htmlFor="thread-body">{t('thread.message')}</label>
        <textarea id="thread-body" rows={3} value={body} onChange={(e) => setBody(e.target.value)} required />
        <label htmlFor="thread-tlp">{t('thread.tlp')}</label>
        <select id="thread-tlp" value={tlp} onChange={(e) => setTlp(e.target.value)}>
          {['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT'].map((value) => <option key={value}>{value}</option>)}
        </select>
        <FileField key={fileKey} id="thread-file" label={t('thread.file')} accept=".pdf,.png,.jpg,.jpeg,.txt,.log,.csv,.json,.zip,.eml" onFile={setFile} />
        {error && <p role="alert">{worded(t, error)}</p>}
        <button type="submit" className="button button--secondary">{t('thread.send')}</button>
      </form>
    </section>
  );
}
