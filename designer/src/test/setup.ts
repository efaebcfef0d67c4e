import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
import { resetSampleOrders } from '../definitions/SampleOrderPicker';

// findBy*/waitFor wait up to 1 s by default; lazy screens load slower than that on a busy 2-core CI machine.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
  resetSampleOrders();
  sessionStorage.clear();
  localStorage.clear();
});
