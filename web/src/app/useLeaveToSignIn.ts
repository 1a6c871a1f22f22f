import { useCallback } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { resetUserData } from "../api/auth";

/**
 * useLeaveToSignIn returns a function that goes to /signin and then forgets the
 * user's cached data; in that order, so the signed-in pages do not refetch
 * (and fail) while they are still on screen.
 */
export function useLeaveToSignIn() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  return useCallback(() => {
    void Promise.resolve(navigate("/signin", { replace: true })).then(() => resetUserData(qc));
  }, [navigate, qc]);
}
