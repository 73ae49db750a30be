// "Backup & data" on the Device & privacy page: download a backup of everything, restore one
// into an empty Rollcall, delete all data, and check the data (a debugging aid).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { proxy } from 'comlink';
import { useRef, useState } from 'react';
import type { BackupProgress, BackupSummary } from '../../../contracts/backup';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DeleteAllDataButton } from '../../components/DeleteAllDataButton';
import { ErrorMessage } from '../../components/ErrorMessage';
import { countOf, formatBytes } from '../../format';
import { callCore } from '../../query/call-core';
import { MutationButton } from '../../components/BusyButton';
import { FilePickerButton } from '../../components/FilePickerButton';
import { ProgressBar } from '../../components/ProgressBar';
import { saveFile } from '../../save-file';
import { OtherTabMessage } from '../../components/OtherTabMessage';
import { useCoreStatus } from '../../use-core-status';

export function BackupSection() {
  const queryClient = useQueryClient();
  const status = useCoreStatus();
  // Restoring or deleting replaces every table at once: every query reads again.
  const refreshAll = () => queryClient.invalidateQueries();
  // This page stays open when another tab takes the records: say so here, with what the
  // hand-over stopped (a restore under way, say), instead of offering actions that can't run.
  if (status.state === 'waiting-for-other-tab' || status.state === 'handed-over') {
    return (
      <section className="card backup" aria-labelledby="backup-heading">
        <h2 id="backup-heading">Backup &amp; data</h2>
        <OtherTabMessage
          variant={status.state === 'handed-over' ? 'handed-over' : 'waiting'}
          unsaved={status.state === 'handed-over' ? status.unsaved : []}
        />
      </section>
    );
  }
  return (
    <section className="card backup" aria-labelledby="backup-heading">
      <h2 id="backup-heading">Backup &amp; data</h2>
      <p>
        A backup is one file with all your classes, students, sessions, photos, faces and
        attendance. Keep it somewhere safe (a USB stick, a school drive). Anyone with the file can
        see its photos and names.
      </p>
      <DownloadBackup />
      <RestoreBackup onRestored={refreshAll} />
      <div className="backup__part">
        <h3>Start again</h3>
        <p className="hint">
          Deletes everything Rollcall keeps in this browser. Download a backup first if you may need
          the data again.
        </p>
        <DeleteAllDataButton onDeleted={refreshAll} />
      </div>
      <CheckData />
    </section>
  );
}

function summaryText(summary: BackupSummary): string {
  return [
    countOf(summary.classes, 'class', 'classes'),
    countOf(summary.students, 'student'),
    countOf(summary.sessions, 'session'),
    countOf(summary.photos, 'photo'),
  ].join(', ');
}

function DownloadBackup() {
  const [progress, setProgress] = useState<BackupProgress | null>(null);
  const cancelled = useRef(false);
  const mutation = useMutation({
    mutationFn: async () => {
      cancelled.current = false;
      setProgress(null);
      const backup = await callCore((core) =>
        core.exportBackup(
          proxy((step: BackupProgress) => {
            setProgress(step);
            return !cancelled.current;
          }),
        ),
      );
      saveFile(backup.file, backup.fileName);
      return backup;
    },
    onSettled: () => setProgress(null),
  });
  const percent = progress ? Math.round((progress.done / Math.max(progress.total, 1)) * 100) : 0;

  return (
    <div className="backup__part">
      <h3>Download a backup</h3>
      <div className="button-row">
        <MutationButton className="primary" mutation={mutation} busyLabel="Preparing backup…">
          Download backup
        </MutationButton>
        {mutation.isPending && (
          <button type="button" onClick={() => (cancelled.current = true)}>
            Stop
          </button>
        )}
      </div>
      {mutation.isPending && <ProgressBar percent={percent} label="Backup progress" />}
      {mutation.isSuccess && (
        <p role="status" aria-label="Backup result">
          Backup saved as “{mutation.data.fileName}” ({formatBytes(mutation.data.file.size)}):{' '}
          {summaryText(mutation.data.summary)}.
        </p>
      )}
      <ErrorMessage error={mutation.error} />
    </div>
  );
}

function RestoreBackup({ onRestored }: { onRestored: () => Promise<void> }) {
  const [chosen, setChosen] = useState<File | null>(null);
  const mutation = useMutation({
    mutationFn: (file: File) => callCore((core) => core.restoreBackup(file)),
    onSuccess: async () => {
      setChosen(null);
      await onRestored();
    },
  });

  return (
    <div className="backup__part">
      <h3>Restore from a backup</h3>
      <p className="hint">
        Works on a Rollcall with no data yet, for example a new device or after deleting all data.
      </p>
      <FilePickerButton
        busy={mutation.isPending}
        busyLabel="Restoring…"
        inputLabel="Backup file"
        accept=".rollcall"
        onFiles={([file]) => {
          mutation.reset();
          setChosen(file!);
        }}
      >
        Restore from backup
      </FilePickerButton>
      {chosen && (
        <ConfirmDialog
          title="Restore this backup?"
          confirmLabel="Restore"
          pending={mutation.isPending}
          error={mutation.error}
          onConfirm={() => mutation.mutate(chosen)}
          onCancel={() => setChosen(null)}
        >
          <p>
            Rollcall will load everything in “{chosen.name}” ({formatBytes(chosen.size)}) onto this
            device. The file is checked first; if anything is wrong with it, nothing changes.
          </p>
        </ConfirmDialog>
      )}
      {mutation.isSuccess && (
        <p role="status" aria-label="Restore result">
          Backup restored: {summaryText(mutation.data)}.
        </p>
      )}
      {!chosen && <ErrorMessage error={mutation.error} />}
    </div>
  );
}

function CheckData() {
  const mutation = useMutation({
    mutationFn: () => callCore((core) => core.checkDatabase()),
  });
  const report = mutation.data;
  const rows = report ? Object.values(report.rowCounts).reduce((a, b) => a + b, 0) : 0;
  return (
    <div className="backup__part">
      <h3>Check data</h3>
      <p className="hint">
        Looks for records that don’t fit together. Useful when something seems wrong.
      </p>
      <MutationButton className="secondary" mutation={mutation} busyLabel="Checking…">
        Check data
      </MutationButton>
      {report && (
        <div role="status" aria-label="Data check result">
          {report.ok ? (
            <p>
              All data fits together ({countOf(rows, 'record')} and{' '}
              {countOf(report.storedPhotos, 'photo file')} checked).
            </p>
          ) : (
            <>
              <p>{countOf(report.problems.length, 'problem')} found:</p>
              <ul>
                {report.problems.map((problem, i) => (
                  <li key={i}>{problem.message}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      <ErrorMessage error={mutation.error} />
    </div>
  );
}
