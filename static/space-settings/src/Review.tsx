import Heading from '@atlaskit/heading';
import { SPACE_SETTINGS, type ReviewView } from '../../../src/shared/api';
import { AccessDetails } from '../../common/AccessDetails';
import { AppShell } from '../../common/AppShell';
import { useTimeZone } from '../../common/context';
import { card, prose, stack, subtleText } from '../../common/styles';
import { useInvoke } from '../../common/use-invoke';
import { Findings } from './Findings';
import { People } from './People';
import { ScanPanel } from './ScanPanel';
import { Trend } from './Trend';
import { useScan } from './use-scan';

/** The `confluence:spaceSettings` app: who can see the space, its background review, the trend, every open page and the contributors whose profiles need attention. */
export function ReviewApp() {
  const invoked = useInvoke<ReviewView>(SPACE_SETTINGS.getReview);
  return (
    <AppShell title="Secure use review" loadingText="Loading the review of this space." invoked={invoked}>
      {(view) => <Review view={view} />}
    </AppShell>
  );
}

export function Review({ view }: { view: ReviewView }) {
  const timeZone = useTimeZone();
  const scan = useScan(view);
  const { space, access } = view;
  return (
    <div style={stack('space.500')}>
      <div style={stack('space.100')}>
        <Heading as="h1" size="large">
          Secure use review of {space.name}
        </Heading>
        <p style={{ ...prose, ...subtleText }}>
          Who can see this space, and every page and blog post that all of them can read. Only space admins can see this review.
        </p>
      </div>

      <section aria-labelledby="access-heading" style={{ ...card, ...stack('space.250') }}>
        <Heading as="h2" size="medium" id="access-heading">
          Who can see this space
        </Heading>
        <AccessDetails access={access} />
      </section>

      <ScanPanel state={scan} timeZone={timeZone} />

      <Trend history={scan.history} timeZone={timeZone} />

      {scan.latest !== null && <Findings key={scan.latest.jobId} access={access} finishedAt={scan.latest.finishedAt} timeZone={timeZone} />}

      <People finishedAt={scan.latest?.finishedAt ?? null} timeZone={timeZone} />
    </div>
  );
}
