import type { ItemType } from "../../api/client";
import { AudioIcon, FileIcon, FileTextIcon, ImageIcon, VideoIcon } from "../../components/icons";

export function TypeIcon({ type, className }: { type: ItemType; className?: string }) {
  switch (type) {
    case "image":
      return <ImageIcon className={className} />;
    case "video":
      return <VideoIcon className={className} />;
    case "audio":
      return <AudioIcon className={className} />;
    case "text":
      return <FileTextIcon className={className} />;
    default:
      return <FileIcon className={className} />;
  }
}
