/**
 * Importing a number list in two steps: the file is checked first (a dry run: nothing stored)
 * and every refused row is shown with its reason, with the counts of accepted numbers,
 * duplicates and do-not-call numbers; only then does "import" store the accepted rows.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Col, Flex, Form, Input, Row, Statistic, Table, Tag, Typography, Upload, type UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, type ApiErrorBody } from '../../api/client.js';
import { csrfHeader } from '../../api/csrf.js';
import type { ResponseOf } from '../../api/types.js';
import { STATUS_COLOURS } from '../../lib/theme.js';
import type { Campaign } from './campaign-model.js';

type ImportResult = ResponseOf<'/api/v1/outbound/campaigns/{id}/numbers/import', 'post'>;
type Refused = ImportResult['refused'][number];

async function sendList(campaignId: string, file: File, dryRun: boolean, phoneColumn: string): Promise<ImportResult> {
  const data = new FormData();
  data.set('file', file);
  const query = new URLSearchParams({ dryRun: String(dryRun), ...(phoneColumn ? { phoneColumn } : {}) });
  // openapi-fetch sends JSON; a multipart upload goes through fetch with the same CSRF header.
  const res = await fetch(`/api/v1/outbound/campaigns/${encodeURIComponent(campaignId)}/numbers/import?${query}`, { method: 'POST', body: data, headers: csrfHeader(), credentials: 'same-origin' });
  if (!res.ok) throw new ApiError(res.status, (await res.json().catch(() => undefined)) as ApiErrorBody | undefined);
  return (await res.json()) as ImportResult;
}

export function ImportNumbers({ campaign, onImported }: { campaign: Campaign; onImported(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [phoneColumn, setPhoneColumn] = useState('');
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);

  const choose = (f: File | null) => {
    setFile(f);
    setPreview(null);
    setProblem(null);
  };

  const run = async (dryRun: boolean) => {
    if (!file) {
      setProblem(t('outbound.import.chooseFirst'));
      return;
    }
    setBusy(dryRun ? 'check' : 'import');
    setProblem(null);
    try {
      const result = await sendList(campaign.id, file, dryRun, phoneColumn.trim());
      if (dryRun) {
        setPreview(result);
      } else {
        void message.success(t('outbound.import.stored', { n: result.stored, refused: result.refused.length }));
        choose(null);
        await queryClient.invalidateQueries({ queryKey: ['outbound-numbers'] });
        onImported();
      }
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };

  if (campaign.state === 'stopped') return <Alert type="info" showIcon title={t('outbound.import.stopped')} />;

  const count = (...reasons: Refused['reason'][]) => preview?.refused.filter((r) => reasons.includes(r.reason)).length ?? 0;
  const fileList: UploadFile[] = file ? [{ uid: 'chosen', name: file.name, status: problem ? 'error' : 'done' }] : [];

  return (
    <Flex vertical gap={12}>
      <Card size="small" title={t('outbound.import.step1')}>
        <Form layout="vertical">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item label={t('outbound.import.file')} extra={t('outbound.import.fileHint')} validateStatus={problem ? 'error' : undefined} style={{ marginBottom: 8 }}>
                <Upload
                  accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  maxCount={1}
                  fileList={fileList}
                  beforeUpload={(f) => {
                    choose(f);
                    return false;
                  }}
                  onRemove={() => choose(null)}
                >
                  <Button>{t('outbound.import.chooseFile')}</Button>
                </Upload>
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label={t('outbound.import.phoneColumn')} htmlFor="import-phone-column" extra={t('outbound.import.phoneColumnHint')} style={{ marginBottom: 8 }}>
                <Input
                  id="import-phone-column"
                  value={phoneColumn}
                  maxLength={100}
                  onChange={(e) => {
                    setPhoneColumn(e.target.value);
                    setPreview(null);
                  }}
                />
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" loading={busy === 'check'} disabled={busy !== null} onClick={() => void run(true)}>
            {t('outbound.import.check')}
          </Button>
        </Form>
        {problem ? <Alert type="error" showIcon title={problem} style={{ marginTop: 12 }} data-testid="import-error" /> : null}
      </Card>
      {preview ? (
        <Card size="small" title={t('outbound.import.step2')} data-testid="import-preview">
          <Typography.Paragraph>
            {t('outbound.import.readAs', { format: preview.format.toUpperCase(), encoding: preview.encoding ?? '—', column: preview.phoneColumn })}
            {preview.variableNames.length > 0 ? ` ${t('outbound.import.variables', { names: preview.variableNames.join(', ') })}` : ''}
          </Typography.Paragraph>
          <Row gutter={16} style={{ marginBottom: 12 }}>
            <Col span={4}><Statistic title={t('outbound.import.rows')} value={preview.rows} /></Col>
            <Col span={4}><Statistic title={t('outbound.import.accepted')} value={preview.accepted} /></Col>
            <Col span={4}><Statistic title={t('outbound.import.refused')} value={preview.refused.length} /></Col>
            <Col span={4}><Statistic title={t('outbound.import.duplicates')} value={count('duplicate_in_file', 'duplicate_in_campaign')} /></Col>
            <Col span={4}><Statistic title={t('outbound.import.doNotCall')} value={count('do_not_call')} /></Col>
            <Col span={4}><Statistic title={t('outbound.import.badRows')} value={count('missing_number', 'bad_number', 'value_too_long')} /></Col>
          </Row>
          <Table<Refused>
            size="small"
            rowKey={(r) => `${r.rowNumber}-${r.reason}`}
            dataSource={preview.refused}
            locale={{ emptyText: t('outbound.import.noneRefused') }}
            pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
            caption={<Typography.Text strong>{t('outbound.import.refusedRows')}</Typography.Text>}
            columns={[
              { title: t('outbound.import.rowNumber'), dataIndex: 'rowNumber', width: 80 },
              { title: t('outbound.numbers.phone'), dataIndex: 'phone', render: (p: string) => p || '—' },
              { title: t('outbound.import.reason'), dataIndex: 'reason', render: (r: Refused['reason']) => <Tag color={r === 'do_not_call' ? STATUS_COLOURS.warn : STATUS_COLOURS.bad}>{t(`outbound.refusals.${r}`)}</Tag> },
              { title: t('outbound.import.detail'), dataIndex: 'message' },
            ]}
          />
          <Flex gap={8} style={{ marginTop: 12 }}>
            <Button type="primary" loading={busy === 'import'} disabled={busy !== null || preview.accepted === 0} onClick={() => void run(false)}>
              {t('outbound.import.confirm', { n: preview.accepted })}
            </Button>
            <Button disabled={busy !== null} onClick={() => choose(null)}>
              {t('common.cancel')}
            </Button>
          </Flex>
        </Card>
      ) : null}
    </Flex>
  );
}
