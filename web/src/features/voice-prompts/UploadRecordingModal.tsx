/**
 * Upload a recording for one prompt in one language (any format the server's converter reads);
 * the server's message (not audio, too long, silent) is shown on the file field.
 */
import { useState } from 'react';
import { Alert, Button, Form, Modal, Upload, type UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, type ApiErrorBody } from '../../api/client.js';
import { csrfHeader } from '../../api/csrf.js';

export interface PromptRef {
  id: string;
  lang: 'zh' | 'en';
}

export function UploadRecordingModal({ prompt, onCancel, onUploaded }: { prompt: PromptRef | null; onCancel(): void; onUploaded(): Promise<void> }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => {
    setFile(null);
    setProblem(null);
    onCancel();
  };
  const send = async () => {
    if (!prompt) return;
    if (!file) {
      setProblem(t('voicePrompts.chooseFileFirst'));
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const data = new FormData();
      data.set('file', file);
      // openapi-fetch sends JSON; a multipart upload goes through fetch with the same CSRF header.
      const res = await fetch(`/api/v1/voice-prompts/${encodeURIComponent(prompt.id)}/recording?lang=${prompt.lang}`, { method: 'PUT', body: data, headers: csrfHeader(), credentials: 'same-origin' });
      if (!res.ok) {
        const err = new ApiError(res.status, (await res.json().catch(() => undefined)) as ApiErrorBody | undefined);
        setProblem(err.message);
        return;
      }
      setFile(null);
      await onUploaded();
    } finally {
      setBusy(false);
    }
  };
  const fileList: UploadFile[] = file ? [{ uid: 'chosen', name: file.name, status: problem ? 'error' : 'done' }] : [];
  return (
    <Modal open={prompt !== null} title={t('voicePrompts.uploadTitle', { id: prompt?.id ?? '', lang: t(`voicePrompts.langs.${prompt?.lang ?? 'zh'}`) })} okText={t('voicePrompts.upload')} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden onCancel={close} onOk={() => void send()}>
      <Form layout="vertical">
        <Form.Item label={t('voicePrompts.file')} extra={t('voicePrompts.fileHint')} validateStatus={problem ? 'error' : undefined}>
          <Upload
            accept="audio/*,.wav,.mp3,.ogg,.flac,.aif,.aiff"
            maxCount={1}
            fileList={fileList}
            beforeUpload={(f) => {
              setFile(f);
              setProblem(null);
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <Button>{t('voicePrompts.chooseFile')}</Button>
          </Upload>
        </Form.Item>
      </Form>
      {problem ? <Alert type="error" showIcon title={problem} data-testid="upload-error" /> : null}
    </Modal>
  );
}
