import { SquareClient, SquareEnvironment } from 'square';
import type { SquareBookingFacts, SquareCustomerFacts } from '#domain/bookings/square';
import { AftercareError } from '#domain/errors';
import type { SquareApi } from '#ports/booking-sources';

export interface SquareApiSettings {
  accessToken: string;
  environment: 'sandbox' | 'production';
  /** Another base URL than the environment's (the local stand-in). */
  baseUrl?: string;
}

/** The Square SDK behind the two calls Aftercare makes (Retrieve booking, Retrieve customer). */
export function squareApi(settings: SquareApiSettings): SquareApi {
  const client = new SquareClient({
    token: settings.accessToken,
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : { environment: settings.environment === 'production' ? SquareEnvironment.Production : SquareEnvironment.Sandbox }),
    timeoutInSeconds: 10,
    maxRetries: 1,
  });
  return {
    async booking(id: string): Promise<SquareBookingFacts> {
      const { booking } = await client.bookings.get({ bookingId: id });
      if (!booking?.id) throw new AftercareError('Square answered without the booking');
      return { ...booking, id: booking.id };
    },
    async customer(id: string): Promise<SquareCustomerFacts> {
      const { customer } = await client.customers.get({ customerId: id });
      if (!customer) throw new AftercareError('Square answered without the customer');
      return customer;
    },
  };
}
