import { Link } from '../../app/router';
import { KeyValueList } from '../../components/KeyValueList';
import { useWords } from '../../i18n/use-words';
import { describeJobRun, type RunForOutcome } from './job-result';

/** Up to this many details show at once; more fold into a disclosure (a maintenance run can list many tables). */
const OPEN_DETAILS = 3;

/** What a run did (or why it failed), for a table cell: a sentence, its details, a link to what it made. */
export function JobOutcome({ run }: { run: RunForOutcome }) {
  const words = useWords();
  const outcome = describeJobRun(words, run);
  const failed = run.status === 'failed' || run.status === 'timed_out';
  return (
    <div className="job-outcome">
      {outcome.summary ? <p className={failed ? 'field-error' : undefined}>{outcome.summary}</p> : null}
      {outcome.items.length > OPEN_DETAILS ? (
        <details>
          <summary>{words.t('jobResult.details', { count: outcome.items.length })}</summary>
          <KeyValueList items={outcome.items} />
        </details>
      ) : (
        <KeyValueList items={outcome.items} />
      )}
      {outcome.link ? <Link to={outcome.link.to}>{outcome.link.label}</Link> : null}
    </div>
  );
}
