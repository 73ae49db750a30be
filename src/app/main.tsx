import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { syncQueriesWithCore } from '../ui/query/core-sync';
import { createQueryClient } from '../ui/query/query-client';
import '../ui/styles.css';
import { App } from './App';
import { requestPersistentStorageOnFirstRun } from './about/device-storage';
import { checkBrowserSupport } from './browser-support';
import { UnsupportedBrowserScreen } from './status/UnsupportedBrowserScreen';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const root = createRoot(container);

// A browser that lacks what Rollcall needs gets a plain screen saying so; the core worker (and
// so the database) is started only once the browser has everything.
void checkBrowserSupport().then((missing) => {
  if (missing.length > 0) {
    root.render(<UnsupportedBrowserScreen missing={missing} />);
    return;
  }
  const queryClient = createQueryClient();
  syncQueriesWithCore(queryClient);
  void requestPersistentStorageOnFirstRun();
  root.render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
});
