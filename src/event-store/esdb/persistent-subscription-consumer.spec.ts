import { ROUND_ROBIN, START, persistentSubscriptionToAllSettingsFromDefaults } from '@eventstore/db-client';
import { changedSettings } from './persistent-subscription-consumer';

describe('persistent subscription group settings', () => {
  const desired = persistentSubscriptionToAllSettingsFromDefaults({
    startFrom: START,
    consumerStrategyName: ROUND_ROBIN,
    maxRetryCount: 10,
    messageTimeout: 91_000,
  });

  it('names each setting the server has other than the code asks for, so the group is updated', () => {
    expect(changedSettings(desired, desired)).toEqual([]);
    expect(changedSettings({ ...desired, messageTimeout: 60_000, maxRetryCount: 5 }, desired)).toEqual(['maxRetryCount', 'messageTimeout']);
    expect(changedSettings({ ...desired, consumerStrategyName: 'DispatchToSingle' }, desired)).toEqual(['consumerStrategyName']);
  });
});
