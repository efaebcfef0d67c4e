import { createContext, useContext } from 'react';
import type { Me } from '../api/types';
import { noPermissions, type Permissions } from './permissions';

export interface Session {
  me: Me;
  can: Permissions;
  signOut: () => void;
}

export const SessionContext = createContext<Session>({
  me: { name: '', roles: [] },
  can: noPermissions,
  signOut: () => undefined,
});

export function useSession(): Session {
  return useContext(SessionContext);
}
