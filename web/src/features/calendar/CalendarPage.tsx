/** The ACD calendar: weekend days, holidays (节假日) and make-up working days (调休上班日). */
import { useEffect, useState } from 'react';
import { App, Button, Card, Checkbox, DatePicker, Input, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { api, unwrap } from '../../api/client.js';
import type { ResponseOf } from '../../api/types.js';
import { PageLayout, QueryState } from '../../components/PageLayout.js';
import { useSession } from '../../lib/session.js';
import { useTenantQuery } from '../../lib/use-tenant-query.js';

type Calendar = ResponseOf<'/api/v1/acd/calendar', 'get'>;
type Day = { date: string; name: string };

function DayList({ title, days, editable, onChange }: { title: string; days: Day[]; editable: boolean; onChange(days: Day[]): void }) {
  const { t } = useTranslation();
  const [date, setDate] = useState<Dayjs | null>(null);
  const [name, setName] = useState('');
  return (
    <Card title={title} size="small" style={{ flex: 1, minWidth: 320 }}>
      {editable ? (
        <Space wrap style={{ marginBottom: 12 }}>
          <DatePicker aria-label={t('calendar.date')} value={date} onChange={setDate} />
          <Input aria-label={t('calendar.name')} placeholder={t('calendar.name')} value={name} onChange={(e) => setName(e.target.value)} style={{ width: 160 }} />
          <Button
            disabled={!date}
            onClick={() => {
              if (!date) return;
              const day = { date: date.format('YYYY-MM-DD'), name };
              onChange([...days.filter((d) => d.date !== day.date), day].sort((a, b) => a.date.localeCompare(b.date)));
              setDate(null);
              setName('');
            }}
          >
            {t('common.add')}
          </Button>
        </Space>
      ) : null}
      <Table<Day>
        rowKey="date"
        size="small"
        dataSource={days}
        locale={{ emptyText: t('common.empty') }}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: t('calendar.date'), dataIndex: 'date' },
          { title: t('calendar.name'), dataIndex: 'name' },
          ...(editable
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, d: Day) => (
                    <Button type="link" danger onClick={() => onChange(days.filter((x) => x.date !== d.date))}>
                      {t('common.delete')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

export default function CalendarPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can, tenantId } = useSession();
  const queryClient = useQueryClient();
  const query = useTenantQuery('acd-calendar', async (q) => unwrap(await api.GET('/api/v1/acd/calendar', { params: { query: q } })));
  const [draft, setDraft] = useState<Calendar | null>(null);
  useEffect(() => setDraft(query.data ?? null), [query.data]);
  const writable = can('acd:write');
  const weekdays = [0, 1, 2, 3, 4, 5, 6];

  const save = async () => {
    if (!draft) return;
    try {
      unwrap(await api.PUT('/api/v1/acd/calendar', { params: { query: tenantId ? { tenantId } : {} }, body: draft }));
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: ['acd-calendar'] });
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <PageLayout
      title={t('calendar.title')}
      extra={
        writable ? (
          <Button type="primary" onClick={() => void save()} disabled={!draft}>
            {t('common.save')}
          </Button>
        ) : null
      }
    >
      <QueryState isPending={query.isPending} error={query.error} onRetry={() => void query.refetch()}>
        {draft ? (
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Card size="small" title={t('calendar.weekend')}>
              <Checkbox.Group
                disabled={!writable}
                value={draft.weekend}
                onChange={(v) => setDraft({ ...draft, weekend: v as number[] })}
                options={weekdays.map((d) => ({ value: d, label: t(`calendar.weekdays.${d}`) }))}
              />
            </Card>
            <Space align="start" wrap style={{ width: '100%' }}>
              <DayList title={t('calendar.holidays')} days={draft.holidays} editable={writable} onChange={(holidays) => setDraft({ ...draft, holidays })} />
              <DayList title={t('calendar.workingDays')} days={draft.workingDays} editable={writable} onChange={(workingDays) => setDraft({ ...draft, workingDays })} />
            </Space>
          </Space>
        ) : null}
      </QueryState>
    </PageLayout>
  );
}
