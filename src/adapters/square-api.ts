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

/** The Square SDK behind the calls Aftercare makes (Retrieve booking, Retrieve customer, Retrieve catalog object). */
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
    async serviceName(variationId: string): Promise<string | undefined> {
      // The variation ("60 min") and, as a related object, the service it belongs to ("Deep Tissue Massage").
      const { object, relatedObjects } = await client.catalog.object.get({ objectId: variationId, includeRelatedObjects: true });
      if (object?.type !== 'ITEM_VARIATION') return undefined;
      const itemId = object.itemVariationData?.itemId;
      const item = relatedObjects?.find((related) => related.type === 'ITEM' && related.id === itemId);
      return (item?.type === 'ITEM' ? item.itemData?.name : undefined) ?? object.itemVariationData?.name ?? undefined;
    },
  };
}
