/**
 * Query keys, hierarchical so a live event invalidates a whole resource with its prefix
 * (`queryKeys.advisories.all` covers every list, page and detail of advisories).
 */
export const queryKeys = {
  situation: {
    all: ['situation'] as const,
    picture: () => ['situation', 'picture'] as const,
    level: () => ['situation', 'level'] as const,
  },
  advisories: {
    all: ['advisories'] as const,
    list: (query: Record<string, string | number>) => ['advisories', 'list', query] as const,
    latest: () => ['advisories', 'latest'] as const,
    detail: (id: string) => ['advisories', 'detail', id] as const,
    versions: (id: string) => ['advisories', 'detail', id, 'versions'] as const,
  },
  notifications: {
    all: ['notifications'] as const,
    list: () => ['notifications', 'list'] as const,
  },
  feedItems: {
    all: ['feed-items'] as const,
    list: (query: Record<string, string>) => ['feed-items', 'list', query] as const,
  },
  incidents: { all: ['incidents'] as const },
  situationReports: { all: ['situation-reports'] as const },
  coverage: { all: ['coverage'] as const },
} as const;
