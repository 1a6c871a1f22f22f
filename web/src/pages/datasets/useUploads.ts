import { useEffect, useState, useSyncExternalStore } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { DataItem } from "../../api/client";
import { invalidateItems } from "../../api/datasets";
import { uploadErrorMessage, uploadFile } from "../../api/upload";
import { summarize, UploadQueue } from "../../lib/uploadQueue";

export interface UploadJob {
  file: File;
  /** The metadata part: a JSON object's text, or undefined for none. */
  metadata: string | undefined;
}

/** How long to gather finished uploads before refreshing the grid once for all of them. */
const REFRESH_AFTER_MS = 300;

/**
 * useUploads gives the dataset's upload queue (three files at a time) and its
 * current list. The grid refreshes as files finish; leaving the page cancels
 * what is left, and the browser asks before closing a tab with uploads running.
 */
export function useUploads(ws: string, ds: string) {
  const qc = useQueryClient();
  const [queue] = useState(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        void invalidateItems(qc, ws, ds);
      }, REFRESH_AFTER_MS);
    };
    return new UploadQueue<UploadJob, DataItem>((job, onProgress) => uploadFile(ws, ds, job.file, job.metadata, onProgress), {
      concurrency: 3,
      describeError: uploadErrorMessage,
      onSettled: (u) => {
        if (u.state === "done") refresh();
      },
    });
  });
  const uploads = useSyncExternalStore(queue.subscribe, queue.snapshot);
  const summary = summarize(uploads);
  const busy = summary.queued + summary.uploading > 0;

  useEffect(() => () => queue.cancelAll(), [queue]);

  useEffect(() => {
    if (!busy) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [busy]);

  return { queue, uploads, summary, busy };
}
