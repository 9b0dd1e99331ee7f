import { defaultTemplatesDir, loadTemplatesFromDir } from '#adapters/template-files';
import { STEPS } from '#domain/plan';

/**
 * List prices used by the cost model: us-east-1, as published in 2026 (check before relying on them).
 * Lambda runs on arm64 with 512 MB (lib/constructs/aftercare-function.ts).
 */
export const PRICES = {
  region: 'us-east-1',
  lambdaUsdPerGbSecondArm64: 0.0000133334,
  lambdaUsdPerMillionRequests: 0.2,
  lambdaMemoryGb: 0.5,
  dynamoOnDemandUsdPerMillionWriteUnits: 0.625,
  dynamoOnDemandUsdPerMillionReadUnits: 0.125,
  dynamoStorageUsdPerGbMonth: 0.25,
  /** EventBridge Scheduler's price; events of a scheduled rule (what the stack uses) are not billed, so this is an upper bound. */
  eventBridgeUsdPerMillionInvocations: 1.0,
  apiGatewayHttpUsdPerMillionRequests: 1.0,
  /** Twilio, outbound SMS to US numbers, per segment, before carrier fees (A2P 10DLC adds about $0.003 per segment). */
  twilioSmsUsdPerSegmentUs: 0.0083,
  sesUsdPerEmail: 0.0001,
} as const;

/** Time a real provider call is assumed to take, for the sender's billed duration (the fakes answer at once). */
export const PROVIDER_LATENCY_MS = { sms: 400, email: 150 } as const;
const SENDER_CONCURRENCY = 8;
const SWEEPS_PER_MONTH = 60 * 24 * 30;

export interface CostInputs {
  /** Per session entered: the API Lambda's duration and the DynamoDB write units of the intake transaction. */
  apiMsPerSession: number;
  intakeWriteUnitsPerSession: number;
  /** Per follow-up sent, from the sender benchmark. */
  senderMsPerFollowUp: number;
  senderReadUnitsPerFollowUp: number;
  senderWriteUnitsPerFollowUp: number;
  /** One sweep that finds nothing to do: duration and read units (it runs every minute regardless). */
  idleSweepMs: number;
  idleSweepReadUnits: number;
  /** Bytes a session occupies in the table once its follow-ups are sent (kept for the retention period). */
  storedBytesPerSession: number;
  retentionDays: number;
}

export interface CostFigures {
  awsUsdPer1000Sessions: number;
  awsVariableUsdPer1000Sessions: number;
  awsFixedUsdPerMonth: number;
  breakdownUsdPer1000Sessions: Record<string, number>;
  smsSegmentsPerSession: number;
  emailsPerSession: number;
  providerUsdPer1000Sessions: number;
  assumptions: string[];
  prices: typeof PRICES & { providerLatencyMs: typeof PROVIDER_LATENCY_MS };
}

/** Segments of the three follow-up texts for a client with a typical first name, default modality. */
export function followUpSegments(firstName = 'Jordan'): number {
  const templates = loadTemplatesFromDir(defaultTemplatesDir());
  const vars = {
    firstName,
    practiceName: "Chris O'Hara Massage",
    therapistName: "Chris O'Hara",
    practicePhone: '(310) 896-0696',
    practiceHours: '10AM-10PM',
    sessionDay: 'today',
  };
  return STEPS.reduce((n, { step }) => n + templates.sms(step, vars).segments, 0);
}

/**
 * The AWS cost of 1,000 sessions, each with three follow-ups by text and email, from measured durations and
 * capacity units at list prices; and beside it what the providers charge for the messages.
 * Variable: API request + Lambda + intake writes per session; sender Lambda time and reads/writes per follow-up;
 * storage for the retention period. Fixed: the every-minute sweep (EventBridge + an idle Lambda run + its query).
 * awsUsdPer1000Sessions is a month in which 1,000 sessions are entered: variable + one month of the fixed part.
 */
export function costModel(inputs: CostInputs): CostFigures {
  const p = PRICES;
  const gbSeconds = (ms: number) => (ms / 1000) * p.lambdaMemoryGb;
  const lambda = (invocations: number, ms: number) =>
    invocations * (gbSeconds(Math.ceil(ms)) * p.lambdaUsdPerGbSecondArm64 + p.lambdaUsdPerMillionRequests / 1e6);
  const writes = (units: number) => (units * p.dynamoOnDemandUsdPerMillionWriteUnits) / 1e6;
  const reads = (units: number) => (units * p.dynamoOnDemandUsdPerMillionReadUnits) / 1e6;

  const sessions = 1000;
  const followUps = sessions * STEPS.length;
  const senderMs = inputs.senderMsPerFollowUp + (PROVIDER_LATENCY_MS.sms + PROVIDER_LATENCY_MS.email) / SENDER_CONCURRENCY;
  const breakdown = {
    apiGateway: (sessions * p.apiGatewayHttpUsdPerMillionRequests) / 1e6,
    lambdaApi: lambda(sessions, inputs.apiMsPerSession),
    lambdaSender: followUps * gbSeconds(senderMs) * p.lambdaUsdPerGbSecondArm64,
    dynamoIntake: writes(sessions * inputs.intakeWriteUnitsPerSession),
    dynamoSender: reads(followUps * inputs.senderReadUnitsPerFollowUp) + writes(followUps * inputs.senderWriteUnitsPerFollowUp),
    dynamoStorage: ((sessions * inputs.storedBytesPerSession) / 1e9) * p.dynamoStorageUsdPerGbMonth * (inputs.retentionDays / 30),
  };
  const fixed =
    (SWEEPS_PER_MONTH * p.eventBridgeUsdPerMillionInvocations) / 1e6 +
    lambda(SWEEPS_PER_MONTH, inputs.idleSweepMs) +
    reads(SWEEPS_PER_MONTH * inputs.idleSweepReadUnits);
  const variable = Object.values(breakdown).reduce((a, b) => a + b, 0);

  const smsSegmentsPerSession = followUpSegments();
  const emailsPerSession = STEPS.length;
  return {
    awsUsdPer1000Sessions: variable + fixed,
    awsVariableUsdPer1000Sessions: variable,
    awsFixedUsdPerMonth: fixed,
    breakdownUsdPer1000Sessions: breakdown,
    smsSegmentsPerSession,
    emailsPerSession,
    providerUsdPer1000Sessions: sessions * (smsSegmentsPerSession * p.twilioSmsUsdPerSegmentUs + emailsPerSession * p.sesUsdPerEmail),
    assumptions: [
      'each session: one POST /sessions, three follow-ups sent by text and email, no replies',
      `sender Lambda time per follow-up = measured overhead + provider calls (${PROVIDER_LATENCY_MS.sms} ms SMS, ${PROVIDER_LATENCY_MS.email} ms email) shared by ${SENDER_CONCURRENCY} concurrent sends`,
      'durations and capacity units measured against DynamoDB Local; real DynamoDB bills the same units',
      `storage kept ${inputs.retentionDays} days; the every-minute schedule is ${SWEEPS_PER_MONTH.toLocaleString('en-US')} idle runs a month`,
      'free tiers ignored; CloudWatch Logs, Secrets Manager ($0.40/secret-month) and SES receiving not included',
    ],
    prices: { ...p, providerLatencyMs: PROVIDER_LATENCY_MS },
  };
}
