export function NoHost({ message }: { message: string }) {
  return (
    <div className="no-host" data-testid="no-host">
      <h1>shm-inspector</h1>
      <p>{message}</p>
    </div>
  );
}
