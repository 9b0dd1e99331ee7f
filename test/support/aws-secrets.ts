/**
 * The secrets the data stack creates (API token, link keys, Twilio credentials, booking sources) with test values, as a fake
 * Secrets Manager serves them (by ARN), and the environment variables the stack names them in.
 */
export function awsTestSecrets(label: string) {
  const arn = (name: string) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:aftercare-${name}-${label}`;
  const arns = { apiToken: arn('api-token'), linkKeys: arn('link-keys'), twilio: arn('twilio'), bookings: arn('bookings') };
  // As deployed: the placeholders, no source connected yet.
  const bookings = { squareAccessToken: '', squareWebhookSignatureKey: '', bookingsWebhookSecret: '', icsFeedUrl: '' };
  const apiToken = `${label}-api-token-0123456789abcdef`;
  const twilio = { twilioAccountSid: `AC${'0123456789abcdef'.repeat(2)}`, twilioAuthToken: `${label}-twilio-auth-token` };
  const linkKeys = { linkSigningKeyId: '1', linkSigningKey: `${label}-link-signing-key-0123456789abcdef`, previousLinkSigningKeys: [] };
  return {
    apiToken,
    twilio,
    arns,
    values: { [arns.apiToken]: { apiToken }, [arns.linkKeys]: linkKeys, [arns.twilio]: twilio, [arns.bookings]: bookings } as Record<string, Record<string, unknown>>,
    env: { API_TOKEN_SECRET_ARN: arns.apiToken, LINK_KEYS_SECRET_ARN: arns.linkKeys, TWILIO_SECRET_ARN: arns.twilio, BOOKINGS_SECRET_ARN: arns.bookings },
  };
}
