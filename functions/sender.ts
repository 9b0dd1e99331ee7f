import type { Context, ScheduledEvent } from 'aws-lambda';
import { senderSettings, type CoreDeps } from '#app/deps';
import { sendDueFollowUps, type SweepSummary } from '#use-cases/send-due-follow-ups';
import type { EmailSender, SmsSender } from '#ports/senders';
import { awsConfig, awsCoreDeps } from './commons/aws.ts';
import { awsSenders } from './commons/aws-senders.ts';

export type SenderHandlerDeps = CoreDeps & { sms: SmsSender; email: EmailSender };

/** Runs every minute (EventBridge); sends what is due within the invocation's time budget. */
export const createSenderHandler =
  (getDeps: () => Promise<SenderHandlerDeps>) =>
  async (_event: ScheduledEvent | Record<string, unknown>, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<SweepSummary> => {
    const deps = await getDeps();
    const started = Date.now();
    const remainingMs = context?.getRemainingTimeInMillis
      ? () => context.getRemainingTimeInMillis()
      : () => 55_000 - (Date.now() - started);
    const summary = await sendDueFollowUps({ ...deps, settings: senderSettings(deps.config) }, { remainingMs });
    if (summary.examined > 0) deps.log.info('sweep finished', { ...summary });
    return summary;
  };

let deps: Promise<SenderHandlerDeps> | undefined;
const awsSenderDeps = (): Promise<SenderHandlerDeps> => {
  deps ??= Promise.all([awsCoreDeps(), awsConfig()]).then(([core, config]) => ({ ...core, ...awsSenders(config, process.env) }));
  return deps;
};

export const handler = createSenderHandler(awsSenderDeps);
