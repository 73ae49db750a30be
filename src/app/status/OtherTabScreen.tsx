import { OtherTabMessage, type OtherTabMessageProps } from '../../ui/components/OtherTabMessage';
import { StatusScreen } from './StatusScreen';

/** Only one tab at a time may use the class records; this one does not have them. */
export function OtherTabScreen({ variant, unsaved = [] }: OtherTabMessageProps) {
  return (
    <StatusScreen
      title={
        variant === 'waiting'
          ? 'Rollcall is open in another tab'
          : 'Rollcall is now open in another tab'
      }
    >
      <OtherTabMessage variant={variant} unsaved={unsaved} />
    </StatusScreen>
  );
}
