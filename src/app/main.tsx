import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { syncQueriesWithCore } from '../ui/query/core-sync';
import { createQueryClient } from '../ui/query/query-client';
import '../ui/styles.css';
import { App } from './App';
import { requestPersistentStorageOnFirstRun } from './about/device-storage';

const queryClient = createQueryClient();
syncQueriesWithCore(queryClient);

void requestPersistentStorageOnFirstRun();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
