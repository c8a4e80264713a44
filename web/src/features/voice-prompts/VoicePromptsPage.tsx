/**
 * Voice prompts: every prompt per language, generated or uploaded, with a player; upload a
 * recording to replace one, revert to the generated prompt. The server pages, sorts, filters.
 */
import { useState } from 'react';
import { App, Button, Input, Popconfirm, Select, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.js';
import type { ResponseOf } from '../../api/types.js';
import type { paths } from '../../api/schema.js';
import { PageLayout, QueryState } from '../../components/PageLayout.js';
import { ServerTable } from '../../components/ServerTable.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { useSession } from '../../lib/session.js';
import { STATUS_COLOURS } from '../../lib/theme.js';
import { UploadRecordingModal, type PromptRef } from './UploadRecordingModal.js';

type Prompt = ResponseOf<'/api/v1/voice-prompts', 'get'>['items'][number];
type Query = NonNullable<paths['/api/v1/voice-prompts']['get']['parameters']['query']>;
type Lang = NonNullable<Query['lang']>;
type Source = NonNullable<Query['source']>;

const SOURCE_COLOURS: Record<Source, string> = { uploaded: 'blue', generated: 'default', missing: STATUS_COLOURS.bad };

export default function VoicePromptsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [lang, setLang] = useState<Lang | undefined>(undefined);
  const [source, setSource] = useState<Source | undefined>(undefined);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<{ sort: NonNullable<Query['sort']>; order: 'asc' | 'desc' } | undefined>(undefined);
  const [uploading, setUploading] = useState<PromptRef | null>(null);
  // Voice prompts are installation-wide: no tenant in the query.
  const list = usePagedList('voice-prompts', { ...(lang ? { lang } : {}), ...(source ? { source } : {}), ...(search ? { q: search } : {}), ...(sort ?? {}) }, async ({ tenantId: _tenant, ...q }) => unwrap(await api.GET('/api/v1/voice-prompts', { params: { query: q } })));
  const writable = can('prompts:write');
  const reload = () => queryClient.invalidateQueries({ queryKey: ['voice-prompts'] });

  const revert = async (p: Prompt) => {
    try {
      unwrap(await api.DELETE('/api/v1/voice-prompts/{id}/recording', { params: { path: { id: p.id }, query: { lang: p.lang } } }));
      void message.success(t('voicePrompts.reverted'));
      await reload();
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <PageLayout
      title={t('voicePrompts.title')}
      extra={
        <>
          <Input.Search aria-label={t('common.search')} placeholder={t('common.search')} allowClear onSearch={(v) => setSearch(v.trim())} style={{ width: 200 }} />
          <Select allowClear aria-label={t('voicePrompts.langFilter')} placeholder={t('voicePrompts.allLangs')} style={{ width: 130 }} value={lang} onChange={setLang} options={(['zh', 'en'] as const).map((l) => ({ value: l, label: t(`voicePrompts.langs.${l}`) }))} />
          <Select allowClear aria-label={t('voicePrompts.source')} placeholder={t('voicePrompts.allSources')} style={{ width: 140 }} value={source} onChange={setSource} options={(['generated', 'uploaded', 'missing'] as const).map((s) => ({ value: s, label: t(`voicePrompts.sources.${s}`) }))} />
        </>
      }
    >
      <QueryState isPending={list.query.isPending} error={list.query.error} onRetry={() => void list.query.refetch()}>
        <ServerTable<Prompt>
          rowKey={(p) => `${p.id}/${p.lang}`}
          rows={list.rows}
          hasMore={list.hasMore}
          loading={list.query.isFetching}
          page={list.page}
          onPage={list.setPage}
          onChange={(_p, _f, sorter) => {
            // The server sorts: only the column and direction go up.
            const one = Array.isArray(sorter) ? sorter[0] : sorter;
            setSort(one?.order ? { sort: String(one.columnKey) as NonNullable<Query['sort']>, order: one.order === 'descend' ? 'desc' : 'asc' } : undefined);
          }}
          columns={[
            { title: t('voicePrompts.id'), dataIndex: 'id', key: 'id', sorter: true },
            { title: t('voicePrompts.lang'), dataIndex: 'lang', key: 'lang', sorter: true, render: (l: Lang) => t(`voicePrompts.langs.${l}`) },
            { title: t('voicePrompts.text'), dataIndex: 'text', ellipsis: true, render: (v: string | null) => v ?? '—' },
            { title: t('voicePrompts.source'), dataIndex: 'source', key: 'source', sorter: true, render: (s: Source) => <Tag color={SOURCE_COLOURS[s]}>{t(`voicePrompts.sources.${s}`)}</Tag> },
            { title: t('voicePrompts.duration'), dataIndex: 'durationMs', key: 'durationMs', sorter: true, render: (ms: number | null) => (ms === null ? '—' : t('voicePrompts.seconds', { s: (ms / 1000).toFixed(1) })) },
            {
              title: t('voicePrompts.listen'),
              key: 'audio',
              width: 200,
              render: (_: unknown, p: Prompt) =>
                p.source === 'missing' ? (
                  '—'
                ) : (
                  // Keyed by the file's time: a new recording gives a new player, not a stale one.
                  <audio key={p.updatedAt ?? ''} controls preload="none" aria-label={t('voicePrompts.playerLabel', { id: p.id })} src={`/api/v1/voice-prompts/${encodeURIComponent(p.id)}/audio?lang=${p.lang}`} style={{ height: 32, width: 180 }} />
                ),
            },
            ...(writable
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, p: Prompt) => (
                      <Space size={0} wrap>
                        <Button type="link" onClick={() => setUploading({ id: p.id, lang: p.lang })}>
                          {t('voicePrompts.upload')}
                        </Button>
                        {p.source === 'uploaded' ? (
                          <Popconfirm title={t(p.hasGenerated ? 'voicePrompts.revertConfirm' : 'voicePrompts.revertNoGenerated')} okText={t('voicePrompts.revert')} cancelText={t('common.cancel')} onConfirm={() => revert(p)}>
                            <Button type="link" danger>
                              {t('voicePrompts.revert')}
                            </Button>
                          </Popconfirm>
                        ) : null}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </QueryState>
      <UploadRecordingModal
        prompt={uploading}
        onCancel={() => setUploading(null)}
        onUploaded={async () => {
          setUploading(null);
          void message.success(t('voicePrompts.uploaded'));
          await reload();
        }}
      />
    </PageLayout>
  );
}
