import { useState, type FormEvent } from 'react';
import { api, messageOf } from '../api/client';
import type { Me } from '../api/types';

interface Props {
  onSignedIn: (key: string, me: Me) => void;
  notice?: string;
}

/** Asks for an API key, checks it with GET /api/me and hands it to the shell (which keeps it in sessionStorage). */
export function SignIn({ onSignedIn, notice }: Props) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) {
      setError('Enter the API key the server printed on first start, or one an admin gave you.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(trimmed, await api.me(trimmed));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">OmsFlow Designer</h1>
        {notice && <p className="notice">{notice}</p>}
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autoComplete="current-password"
          autoFocus
          value={key}
          onChange={(e) => setKey(e.target.value)}
          aria-describedby={error ? 'sign-in-error' : undefined}
          aria-invalid={error ? true : undefined}
        />
        {error && (
          <p id="sign-in-error" role="alert" className="error-text">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        <p className="hint">The key stays in this browser tab only and is sent as a Bearer token.</p>
      </form>
    </main>
  );
}
