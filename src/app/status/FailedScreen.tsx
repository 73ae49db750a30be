import { ReloadButton, StatusScreen } from './StatusScreen';

export function FailedScreen({ message }: { message: string }) {
  return (
    <StatusScreen title="Rollcall couldn’t open your classes">
      <p>{message}</p>
      <p>Your data has not been deleted. Reloading the page often fixes this.</p>
      <div className="button-row">
        <ReloadButton />
      </div>
    </StatusScreen>
  );
}
