import { useState, type FormEvent } from 'react';
import { messageOf } from '../api/client';
import { definitionsApi, type DefinitionKind } from '../api/definitions';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../common/ErrorMessage';
import { formatTime } from '../common/format';
import { useAsync } from '../common/useAsync';
import { hrefFor, navigate } from '../shell/router';
import { kindTitles, skeletonFor, templateKinds, type TemplateKindName } from './skeletons';

const idPattern = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Rule sets, decision tables or template sets with their published/draft state; analysts create new drafts here. */
export default function DefinitionList({ kind }: { kind: DefinitionKind }) {
  const { can } = useSession();
  const list = useAsync(() => definitionsApi.list(kind), [kind]);
  const [filter, setFilter] = useState('');
  const [newId, setNewId] = useState('');
  const [templateKind, setTemplateKind] = useState<TemplateKindName>('email');
  const [actionError, setActionError] = useState<string>();
  const titles = kindTitles[kind];

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const id = newId.trim();
    if (!idPattern.test(id)) {
      setActionError(`An id uses letters, digits, "_" or "-" and starts with a letter, e.g. order-discounts.`);
      return;
    }
    if (list.data?.items.some((d) => d.id === id)) {
      setActionError(`"${id}" already exists; open it from the list.`);
      return;
    }
    try {
      await definitionsApi.saveDraft(kind, id, skeletonFor(kind, id, templateKind));
      navigate({ screen: 'definition', kind, id });
    } catch (e) {
      setActionError(messageOf(e));
    }
  };

  const items = (list.data?.items ?? []).filter((d) => `${d.id} ${d.name} ${d.description ?? ''}`.toLowerCase().includes(filter.toLowerCase()));

  return (
    <section className="page" aria-labelledby="definitions-title">
      <div className="page-head">
        <h1 id="definitions-title">{titles.plural}</h1>
        <input type="search" aria-label={`Filter ${titles.plural.toLowerCase()}`} placeholder="Filter…" value={filter} onChange={(e) => setFilter(e.target.value)} />
        {can.editDrafts && (
          <form className="inline-form" onSubmit={create}>
            <label>
              New {titles.singular.toLowerCase()} id <input value={newId} onChange={(e) => setNewId(e.target.value)} />
            </label>
            {kind === 'templates' && (
              <label>
                Kind{' '}
                <select value={templateKind} onChange={(e) => setTemplateKind(e.target.value as TemplateKindName)}>
                  {templateKinds.map((k) => (
                    <option key={k}>{k}</option>
                  ))}
                </select>
              </label>
            )}
            <button type="submit">Create</button>
          </form>
        )}
      </div>
      {actionError && (
        <p role="alert" className="error-text">
          {actionError}
        </p>
      )}
      <ErrorMessage error={list.error} retry={list.reload} />
      {list.loading && !list.data ? (
        <p className="loading" role="status">
          Loading…
        </p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">Id</th>
              <th scope="col">Name</th>
              <th scope="col">Published</th>
              <th scope="col">Draft</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id}>
                <td>
                  <a href={hrefFor({ screen: 'definition', kind, id: d.id })}>{d.id}</a>
                </td>
                <td>{d.name}</td>
                <td>{d.publishedVersion ? `v${d.publishedVersion}` : '—'}</td>
                <td>{d.hasDraft ? 'yes' : ''}</td>
                <td>{formatTime(d.updatedAt)}</td>
              </tr>
            ))}
            {items.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  {filter ? 'Nothing matches the filter.' : `No ${titles.plural.toLowerCase()} yet.`}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}
