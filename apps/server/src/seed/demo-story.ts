import type { MemberActor, PortalActor } from '../lib/actor.ts';
import type { Services } from '../services/index.ts';
import type { DemoVersions } from './demo-versions.ts';
import type { DemoWeek } from './demo-week.ts';

/** Frames the demo's notes sit on (Picture lock v1, 29.97 drop-frame from 01:00:00;00). */
export const DEMO_FRAMES = {
  /** 01:00:03;00: the lower third comes in early. */
  lowerThird: 90,
  /** 01:00:08;00 for 120 frames: the cold shot v2 regrades. */
  coldShot: 240,
  coldShotFrames: 120,
} as const;

export const DEMO_CLIENTS = {
  northwind: { name: 'Northwind Media', contact: 'client@northwind.example', person: 'Nora Northwind' },
  harbor: { name: 'Harbor Lights Radio', contact: 'hal@harborlights.example', person: 'Hal Harbor' },
} as const;

export interface DemoCast {
  owner: MemberActor;
  editor: MemberActor;
  services: Services;
  week: DemoWeek;
  versions: DemoVersions;
  /** Signs a client contact in through a magic link, as they would from their mail. */
  signInClient(clientId: string, email: string): Promise<PortalActor>;
}

export interface DemoStoryResult {
  northwindClientId: string;
  /** The cut waiting for the client, which the Frame.io part of the demo sends for review. */
  waitingCutVersionId: string | undefined;
}

/**
 * A studio's week, told through the services: two clients, their shows, and deliverables in every
 * lifecycle state (a cut with changes requested, one waiting for the client, approvals, drafts).
 */
export async function tellTheWeek(cast: DemoCast): Promise<DemoStoryResult> {
  const { owner, editor, services: s, week, versions } = cast;

  week.at(4, '09:30');
  const northwind = await s.clients.create(owner, {
    name: DEMO_CLIENTS.northwind.name,
    contact_email: DEMO_CLIENTS.northwind.contact,
    notes: 'Weekly documentary podcast with a video edition. Nora signs off picture and sound.',
  });
  const nora = await s.portal.createUser(owner, northwind.id, {
    email: DEMO_CLIENTS.northwind.contact,
    name: DEMO_CLIENTS.northwind.person,
  });
  week.later(10);
  const harbor = await s.clients.create(owner, {
    name: DEMO_CLIENTS.harbor.name,
    contact_email: DEMO_CLIENTS.harbor.contact,
    notes: 'Community radio; audio only. Hal approves the mixes.',
  });
  await s.portal.createUser(owner, harbor.id, {
    email: DEMO_CLIENTS.harbor.contact,
    name: DEMO_CLIENTS.harbor.person,
  });

  week.later(20);
  const longTake = await s.shows.create(owner, northwind.id, {
    title: 'The Long Take',
    description: 'Conversations with documentary editors.',
  });
  const nightShift = await s.shows.create(owner, harbor.id, {
    title: 'Night Shift',
    description: 'Stories from people who work while the town sleeps.',
  });
  const silence = await s.episodes.create(owner, longTake.id, {
    title: 'Cutting Silence',
    number: 1,
    status: 'in_review',
  });
  const assembly = await s.episodes.create(owner, longTake.id, {
    title: 'The Assembly Edit',
    number: 2,
    status: 'in_review',
  });
  await s.episodes.create(owner, longTake.id, { title: 'Room Tone', number: 3, status: 'planned' });
  const keepers = await s.episodes.create(owner, nightShift.id, {
    title: 'Lighthouse Keepers',
    number: 1,
    status: 'delivered',
  });
  const fog = await s.episodes.create(owner, nightShift.id, {
    title: 'Fog Signals',
    number: 2,
    status: 'in_production',
  });

  // Monday afternoon: picture lock and the trailer go to Nora, Hal gets his mix.
  week.at(4, '14:05');
  const pictureLock = await s.deliverables.create(owner, silence.id, { title: 'Picture lock', kind: 'cut' });
  const pictureLockV1 = await versions.add(editor, pictureLock.id, 'cut-v1');
  week.later(25);
  await s.deliverables.transition(owner, pictureLock.id, 'submit', 'Picture lock for your review.');
  week.later(20);
  const trailer = await s.deliverables.create(editor, silence.id, { title: 'Trailer', kind: 'trailer' });
  await versions.add(editor, trailer.id, 'trailer');
  week.later(10);
  await s.deliverables.transition(owner, trailer.id, 'submit', '30-second trailer for the socials.');
  week.later(45);
  const keepersMix = await s.deliverables.create(owner, keepers.id, { title: 'Episode mix', kind: 'mix' });
  await versions.add(editor, keepersMix.id, 'podcast');
  week.later(5);
  await s.deliverables.transition(owner, keepersMix.id, 'submit');

  // Tuesday: Hal approves; Nora watches the picture lock and asks for changes.
  week.at(3, '09:40');
  const hal = await cast.signInClient(harbor.id, DEMO_CLIENTS.harbor.contact);
  await s.deliverables.transition(hal, keepersMix.id, 'approve', 'Sounds great, it airs Friday night.');
  week.at(3, '10:15');
  const noraActor = await cast.signInClient(northwind.id, nora.email);
  if (pictureLockV1) {
    const lowerThird = await s.comments.create(noraActor, pictureLockV1, {
      body: 'The lower third comes in before Maya is on screen. Can it wait for the cut?',
      frame: DEMO_FRAMES.lowerThird,
    });
    week.later(4);
    await s.comments.create(noraActor, pictureLockV1, {
      body: 'This shot feels cold next to the interview around it. Could it match the warmer look?',
      frame: DEMO_FRAMES.coldShot,
      duration_frames: DEMO_FRAMES.coldShotFrames,
    });
    week.later(3);
    await s.deliverables.transition(
      noraActor,
      pictureLock.id,
      'request_revision',
      'Close! Two notes in the player: the lower third timing and the grade of the harbour shot.',
    );
    week.at(3, '11:02');
    await s.comments.create(owner, pictureLockV1, {
      body: 'Good catch. Sam is moving it to the cut; you will see it in v2.',
      parent_id: lowerThird.id,
    });
    week.later(12);
    await s.comments.create(noraActor, pictureLockV1, {
      body: 'Perfect, thank you!',
      parent_id: lowerThird.id,
    });
    week.later(30);
    await s.comments.create(editor, pictureLockV1, {
      body: 'Regrading 240-359 warmer to match the interview; checking it on the reference monitor.',
      frame: DEMO_FRAMES.coldShot,
      visibility: 'internal',
    });
    week.later(15);
    await s.comments.create(owner, pictureLockV1, {
      body: 'Resubmit after the mix pass on Thursday; Nora prefers one review round per day.',
      visibility: 'internal',
    });
  } else {
    await s.deliverables.transition(noraActor, pictureLock.id, 'request_revision', 'Two small notes.');
  }

  // Wednesday: Nora approves the trailer; Sam uploads the regraded v2.
  week.at(2, '09:20');
  await s.deliverables.transition(noraActor, trailer.id, 'approve', 'Approved: the pacing is right.');
  week.at(2, '15:30');
  await versions.add(editor, pictureLock.id, 'cut-v2');

  // Thursday: the director's cut goes to Nora; the podcast mix is still the team's draft.
  week.at(1, '10:10');
  const directorsCut = await s.deliverables.create(editor, assembly.id, {
    title: "Director's cut",
    kind: 'cut',
  });
  const waitingCutVersionId = await versions.add(editor, directorsCut.id, 'cut-v1');
  week.later(40);
  await s.deliverables.transition(owner, directorsCut.id, 'submit', "The director's cut, first pass.");
  week.at(1, '16:20');
  const podcastMix = await s.deliverables.create(editor, assembly.id, { title: 'Podcast mix', kind: 'mix' });
  await versions.add(editor, podcastMix.id, 'podcast');
  week.later(5);
  await s.deliverables.create(owner, fog.id, { title: 'Episode mix', kind: 'mix' });

  return { northwindClientId: northwind.id, waitingCutVersionId };
}
