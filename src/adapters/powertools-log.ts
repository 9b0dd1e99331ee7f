import { Logger } from '@aws-lambda-powertools/logger';
import type { Log } from '#ports/log';

/** Structured JSON logs through Powertools (CloudWatch-ready); level from POWERTOOLS_LOG_LEVEL. */
export function powertoolsLog(serviceName = 'aftercare'): Log & { logger: Logger } {
  const logger = new Logger({ serviceName });
  return {
    logger,
    info: (message, extra) => (extra ? logger.info(message, extra) : logger.info(message)),
    warn: (message, extra) => (extra ? logger.warn(message, extra) : logger.warn(message)),
    error: (message, extra) => (extra ? logger.error(message, extra) : logger.error(message)),
  };
}
