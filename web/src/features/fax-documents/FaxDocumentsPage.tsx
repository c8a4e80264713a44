/** Fax-on-demand documents: list, upload (PDF, PNG, JPEG, TIFF), preview a page as faxed, delete. */
import { useState } from 'react';
import { App, Button, Form, Image, Input, InputNumber, Modal, Popconfirm, Space, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api, unwrap, ApiError, type ApiErrorBody } from '../../api/client.js';
import type { ResponseOf } from '../../api/types.js';
import { PageLayout, QueryState } from '../../components/PageLayout.js';
import { ServerTable } from '../../components/ServerTable.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { useSession } from '../../lib/session.js';
import { FormModal } from '../../components/FormModal.js';
import { csrfHeader } from '../../api/csrf.js';

type FaxDocument = ResponseOf<'/api/v1/fax-documents', 'get'>['items'][number];

export default function FaxDocumentsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can, tenantId } = useSession();
  const queryClient = useQueryClient();
  const [uploading, setUploading] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<{ doc: FaxDocument; page: number } | null>(null);
  const list = usePagedList('fax-documents', {}, async (q) => unwrap(await api.GET('/api/v1/fax-documents', { params: { query: q } })));
  const writable = can('fax:write');
  const reload = () => queryClient.invalidateQueries({ queryKey: ['fax-documents'] });

  const upload = async (values: { code: string; title: string }) => {
    if (!file) throw new Error(t('faxDocuments.fileRequired'));
    const data = new FormData();
    data.set('code', values.code);
    data.set('title', values.title);
    if (tenantId) data.set('tenantId', tenantId);
    data.set('file', file);
    // openapi-fetch sends JSON; a multipart upload goes through fetch with the same CSRF header.
    const res = await fetch('/api/v1/fax-documents/upload', { method: 'POST', body: data, headers: csrfHeader(), credentials: 'same-origin' });
    if (!res.ok) throw new ApiError(res.status, (await res.json().catch(() => undefined)) as ApiErrorBody | undefined);
    await reload();
  };

  return (
    <PageLayout
      title={t('faxDocuments.title')}
      extra={
        writable ? (
          <Button type="primary" onClick={() => setUploading(true)}>
            {t('faxDocuments.upload')}
          </Button>
        ) : null
      }
    >
      <QueryState isPending={list.query.isPending} error={list.query.error} onRetry={() => void list.query.refetch()}>
        <ServerTable<FaxDocument>
          rowKey="id"
          rows={list.rows}
          hasMore={list.hasMore}
          loading={list.query.isFetching}
          page={list.page}
          onPage={list.setPage}
          columns={[
            { title: t('faxDocuments.code'), dataIndex: 'code' },
            { title: t('faxDocuments.docTitle'), dataIndex: 'title' },
            { title: t('faxDocuments.pages'), dataIndex: 'pages' },
            { title: t('faxDocuments.original'), dataIndex: 'originalName', render: (v: string | null) => v ?? '—' },
            { title: t('faxDocuments.createdAt'), dataIndex: 'createdAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, d) => (
                <Space size={0}>
                  <Button type="link" onClick={() => setPreview({ doc: d, page: 1 })}>
                    {t('faxDocuments.preview')}
                  </Button>
                  {writable ? (
                    <Popconfirm
                      title={t('common.deleteConfirm')}
                      okText={t('common.ok')}
                      cancelText={t('common.cancel')}
                      onConfirm={async () => {
                        try {
                          unwrap(await api.DELETE('/api/v1/fax-documents/{id}', { params: { path: { id: d.id } } }));
                          await reload();
                        } catch (err) {
                          void message.error(err instanceof Error ? err.message : String(err));
                        }
                      }}
                    >
                      <Button type="link" danger>
                        {t('common.delete')}
                      </Button>
                    </Popconfirm>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      </QueryState>
      {uploading ? (
        <FormModal<{ code: string; title: string }>
          title={t('faxDocuments.upload')}
          initialValues={{}}
          onClosed={() => {
            setUploading(false);
            setFile(null);
          }}
          onSave={upload}
        >
          <Form.Item name="code" label={t('faxDocuments.code')} rules={[{ required: true, message: t('common.required') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="title" label={t('faxDocuments.docTitle')} rules={[{ required: true, message: t('common.required') }]}>
            <Input />
          </Form.Item>
          <Upload
            accept=".pdf,.png,.jpg,.jpeg,.tif,.tiff"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <Button>{t('faxDocuments.chooseFile')}</Button>
          </Upload>
        </FormModal>
      ) : null}
      <Modal open={preview !== null} title={preview?.doc.title} footer={null} width={760} onCancel={() => setPreview(null)}>
        {preview ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space>
              <span>{t('faxDocuments.page')}</span>
              <InputNumber aria-label={t('faxDocuments.page')} min={1} max={preview.doc.pages} value={preview.page} onChange={(p) => setPreview({ ...preview, page: p ?? 1 })} />
              <span>/ {preview.doc.pages}</span>
            </Space>
            <Image alt={`${preview.doc.title} ${preview.page}`} src={`/api/v1/fax-documents/${preview.doc.id}/png?page=${preview.page}`} preview={false} style={{ maxWidth: '100%', border: '1px solid #ddd' }} />
          </Space>
        ) : null}
      </Modal>
    </PageLayout>
  );
}
