// What MPI does to a sample's buffers, told to ThreadSanitizer: linked into the race check's build of mpi+omp
// samples (harness/racecheck.py), never into a timed one.
//
// libmpi is not instrumented, so TSan does not see MPI read a send buffer or write a receive buffer: a thread
// that still adds into `count` while the master thread's MPI_Reduce sends it (no barrier between them) races
// with MPI, and TSan saw nothing. Each MPI function here that takes a buffer tells TSan, in the calling thread,
// that the call reads its send buffers and writes its receive buffers (the bytes its counts and datatypes
// span, on the ranks where MPI says the buffer counts), then calls the library through the profiling interface
// (PMPI_). A nonblocking call is told at its start: from then until it completes MPI may read or write. The
// one-sided calls (MPI_Put, MPI_Get, MPI_Accumulate...) tell what they do to the origin's buffers.
// Not told: a window's memory (other ranks read and write it), persistent requests, MPI_BOTTOM with absolute
// datatypes, intercommunicators' receive buffers, and MPI as a means of ordering the threads of one process
// (a thread that sends to another thread of its own rank).
#include <mpi.h>

extern "C" void __tsan_read_range(void *addr, unsigned long size);
extern "C" void __tsan_write_range(void *addr, unsigned long size);

namespace {

enum Access { READ, WRITE };

// the bytes `count` elements of `type` at `buf` span: from the type's true lower bound to the end of the last
// element's true extent
void tell(Access access, const void *buf, long count, MPI_Datatype type) {
    if (buf == nullptr || buf == MPI_IN_PLACE || count <= 0 || type == MPI_DATATYPE_NULL) return;
    MPI_Aint lb, extent, true_lb, true_extent;
    if (PMPI_Type_get_extent(type, &lb, &extent) != MPI_SUCCESS ||
        PMPI_Type_get_true_extent(type, &true_lb, &true_extent) != MPI_SUCCESS)
        return;
    const long bytes = (count - 1) * (long)extent + (long)true_extent;
    if (bytes <= 0) return;
    void *start = (char *)buf + true_lb;
    if (access == READ)
        __tsan_read_range(start, (unsigned long)bytes);
    else
        __tsan_write_range(start, (unsigned long)bytes);
}

// the blocks of a v-collective: counts[i] elements of `type` at displs[i] extents from `buf`, for each rank i
void tell_blocks(Access access, const void *buf, const int counts[], const int displs[], MPI_Datatype type,
                 MPI_Comm comm) {
    MPI_Aint lb, extent;
    int size, inter = 0;
    if (buf == nullptr || buf == MPI_IN_PLACE || PMPI_Comm_test_inter(comm, &inter) != MPI_SUCCESS || inter ||
        PMPI_Comm_size(comm, &size) != MPI_SUCCESS || PMPI_Type_get_extent(type, &lb, &extent) != MPI_SUCCESS)
        return;
    for (int i = 0; i < size; ++i) tell(access, (const char *)buf + (long)displs[i] * (long)extent, counts[i], type);
}

int rank_of(MPI_Comm comm) {
    int rank = -1;
    PMPI_Comm_rank(comm, &rank);
    return rank;
}

int size_of(MPI_Comm comm) {
    int size = 0, inter = 0;
    if (PMPI_Comm_test_inter(comm, &inter) != MPI_SUCCESS || inter) return 0;  // receive sides not told
    PMPI_Comm_size(comm, &size);
    return size;
}

long sum(const int counts[], int n) {
    long total = 0;
    for (int i = 0; i < n; ++i) total += counts[i];
    return total;
}

// a reduction's buffers; `receives`: whether this rank's receive buffer counts (every rank's for Allreduce and
// Scan, the root's for Reduce)
void reduce_like(const void *send, void *recv, int count, MPI_Datatype type, bool receives) {
    tell(READ, send, count, type);
    if (receives) tell(WRITE, recv, count, type);  // MPI_IN_PLACE: the receive buffer, read and written
}

void bcast(void *buf, int count, MPI_Datatype type, int root, MPI_Comm comm) {
    tell(rank_of(comm) == root ? READ : WRITE, buf, count, type);
}

void gather(const void *send, int scount, MPI_Datatype stype, void *recv, int rcount, MPI_Datatype rtype,
            bool receives, MPI_Comm comm) {
    tell(READ, send, scount, stype);
    if (receives) tell(WRITE, recv, (long)rcount * size_of(comm), rtype);
}

void gatherv(const void *send, int scount, MPI_Datatype stype, void *recv, const int rcounts[], const int displs[],
             MPI_Datatype rtype, bool receives, MPI_Comm comm) {
    tell(READ, send, scount, stype);
    if (receives) tell_blocks(WRITE, recv, rcounts, displs, rtype, comm);
}

void scatter(const void *send, int scount, MPI_Datatype stype, void *recv, int rcount, MPI_Datatype rtype,
             bool sends, MPI_Comm comm) {
    if (sends) tell(READ, send, (long)scount * size_of(comm), stype);
    tell(WRITE, recv, rcount, rtype);
}

void scatterv(const void *send, const int scounts[], const int displs[], MPI_Datatype stype, void *recv, int rcount,
              MPI_Datatype rtype, bool sends, MPI_Comm comm) {
    if (sends) tell_blocks(READ, send, scounts, displs, stype, comm);
    tell(WRITE, recv, rcount, rtype);
}

void alltoall(const void *send, int scount, MPI_Datatype stype, void *recv, int rcount, MPI_Datatype rtype,
              MPI_Comm comm) {
    const int size = size_of(comm);
    tell(READ, send, (long)scount * size, stype);
    tell(WRITE, recv, (long)rcount * size, rtype);
}

void alltoallv(const void *send, const int scounts[], const int sdispls[], MPI_Datatype stype, void *recv,
               const int rcounts[], const int rdispls[], MPI_Datatype rtype, MPI_Comm comm) {
    tell_blocks(READ, send, scounts, sdispls, stype, comm);
    tell_blocks(WRITE, recv, rcounts, rdispls, rtype, comm);
}

void reduce_scatter(const void *send, void *recv, const int counts[], MPI_Datatype type, MPI_Comm comm) {
    const int size = size_of(comm), rank = rank_of(comm);
    if (size == 0) return;
    if (send == MPI_IN_PLACE) {
        tell(WRITE, recv, sum(counts, size), type);
    } else {
        tell(READ, send, sum(counts, size), type);
        tell(WRITE, recv, counts[rank], type);
    }
}

void reduce_scatter_block(const void *send, void *recv, int count, MPI_Datatype type, MPI_Comm comm) {
    const int size = size_of(comm);
    if (send == MPI_IN_PLACE) {
        tell(WRITE, recv, (long)count * size, type);
    } else {
        tell(READ, send, (long)count * size, type);
        tell(WRITE, recv, count, type);
    }
}

}  // namespace

extern "C" {

// -- point to point ------------------------------------------------------------------------------------------------
int MPI_Send(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm) {
    tell(READ, buf, count, type);
    return PMPI_Send(buf, count, type, dest, tag, comm);
}

int MPI_Ssend(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm) {
    tell(READ, buf, count, type);
    return PMPI_Ssend(buf, count, type, dest, tag, comm);
}

int MPI_Bsend(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm) {
    tell(READ, buf, count, type);
    return PMPI_Bsend(buf, count, type, dest, tag, comm);
}

int MPI_Rsend(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm) {
    tell(READ, buf, count, type);
    return PMPI_Rsend(buf, count, type, dest, tag, comm);
}

int MPI_Recv(void *buf, int count, MPI_Datatype type, int source, int tag, MPI_Comm comm, MPI_Status *status) {
    tell(WRITE, buf, count, type);
    return PMPI_Recv(buf, count, type, source, tag, comm, status);
}

int MPI_Sendrecv(const void *sbuf, int scount, MPI_Datatype stype, int dest, int stag, void *rbuf, int rcount,
                 MPI_Datatype rtype, int source, int rtag, MPI_Comm comm, MPI_Status *status) {
    tell(READ, sbuf, scount, stype);
    tell(WRITE, rbuf, rcount, rtype);
    return PMPI_Sendrecv(sbuf, scount, stype, dest, stag, rbuf, rcount, rtype, source, rtag, comm, status);
}

int MPI_Sendrecv_replace(void *buf, int count, MPI_Datatype type, int dest, int stag, int source, int rtag,
                         MPI_Comm comm, MPI_Status *status) {
    tell(WRITE, buf, count, type);
    return PMPI_Sendrecv_replace(buf, count, type, dest, stag, source, rtag, comm, status);
}

int MPI_Isend(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm, MPI_Request *req) {
    tell(READ, buf, count, type);
    return PMPI_Isend(buf, count, type, dest, tag, comm, req);
}

int MPI_Issend(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm, MPI_Request *req) {
    tell(READ, buf, count, type);
    return PMPI_Issend(buf, count, type, dest, tag, comm, req);
}

int MPI_Ibsend(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm, MPI_Request *req) {
    tell(READ, buf, count, type);
    return PMPI_Ibsend(buf, count, type, dest, tag, comm, req);
}

int MPI_Irsend(const void *buf, int count, MPI_Datatype type, int dest, int tag, MPI_Comm comm, MPI_Request *req) {
    tell(READ, buf, count, type);
    return PMPI_Irsend(buf, count, type, dest, tag, comm, req);
}

int MPI_Irecv(void *buf, int count, MPI_Datatype type, int source, int tag, MPI_Comm comm, MPI_Request *req) {
    tell(WRITE, buf, count, type);
    return PMPI_Irecv(buf, count, type, source, tag, comm, req);
}

// -- collectives (root: the rank whose buffer counts; MPI_IN_PLACE as the send buffer: the receive buffer is both)
int MPI_Bcast(void *buf, int count, MPI_Datatype type, int root, MPI_Comm comm) {
    bcast(buf, count, type, root, comm);
    return PMPI_Bcast(buf, count, type, root, comm);
}

int MPI_Ibcast(void *buf, int count, MPI_Datatype type, int root, MPI_Comm comm, MPI_Request *req) {
    bcast(buf, count, type, root, comm);
    return PMPI_Ibcast(buf, count, type, root, comm, req);
}

int MPI_Reduce(const void *send, void *recv, int count, MPI_Datatype type, MPI_Op op, int root, MPI_Comm comm) {
    reduce_like(send, recv, count, type, rank_of(comm) == root);
    return PMPI_Reduce(send, recv, count, type, op, root, comm);
}

int MPI_Ireduce(const void *send, void *recv, int count, MPI_Datatype type, MPI_Op op, int root, MPI_Comm comm,
                MPI_Request *req) {
    reduce_like(send, recv, count, type, rank_of(comm) == root);
    return PMPI_Ireduce(send, recv, count, type, op, root, comm, req);
}

int MPI_Allreduce(const void *send, void *recv, int count, MPI_Datatype type, MPI_Op op, MPI_Comm comm) {
    reduce_like(send, recv, count, type, true);
    return PMPI_Allreduce(send, recv, count, type, op, comm);
}

int MPI_Iallreduce(const void *send, void *recv, int count, MPI_Datatype type, MPI_Op op, MPI_Comm comm,
                   MPI_Request *req) {
    reduce_like(send, recv, count, type, true);
    return PMPI_Iallreduce(send, recv, count, type, op, comm, req);
}

int MPI_Scan(const void *send, void *recv, int count, MPI_Datatype type, MPI_Op op, MPI_Comm comm) {
    reduce_like(send, recv, count, type, true);
    return PMPI_Scan(send, recv, count, type, op, comm);
}

int MPI_Exscan(const void *send, void *recv, int count, MPI_Datatype type, MPI_Op op, MPI_Comm comm) {
    reduce_like(send, recv, count, type, rank_of(comm) != 0);  // rank 0's receive buffer is left as it was
    return PMPI_Exscan(send, recv, count, type, op, comm);
}

int MPI_Reduce_scatter(const void *send, void *recv, const int counts[], MPI_Datatype type, MPI_Op op,
                       MPI_Comm comm) {
    reduce_scatter(send, recv, counts, type, comm);
    return PMPI_Reduce_scatter(send, recv, counts, type, op, comm);
}

int MPI_Reduce_scatter_block(const void *send, void *recv, int count, MPI_Datatype type, MPI_Op op, MPI_Comm comm) {
    reduce_scatter_block(send, recv, count, type, comm);
    return PMPI_Reduce_scatter_block(send, recv, count, type, op, comm);
}

int MPI_Gather(const void *send, int scount, MPI_Datatype stype, void *recv, int rcount, MPI_Datatype rtype,
               int root, MPI_Comm comm) {
    gather(send, scount, stype, recv, rcount, rtype, rank_of(comm) == root, comm);
    return PMPI_Gather(send, scount, stype, recv, rcount, rtype, root, comm);
}

int MPI_Igather(const void *send, int scount, MPI_Datatype stype, void *recv, int rcount, MPI_Datatype rtype,
                int root, MPI_Comm comm, MPI_Request *req) {
    gather(send, scount, stype, recv, rcount, rtype, rank_of(comm) == root, comm);
    return PMPI_Igather(send, scount, stype, recv, rcount, rtype, root, comm, req);
}

int MPI_Gatherv(const void *send, int scount, MPI_Datatype stype, void *recv, const int rcounts[], const int displs[],
                MPI_Datatype rtype, int root, MPI_Comm comm) {
    gatherv(send, scount, stype, recv, rcounts, displs, rtype, rank_of(comm) == root, comm);
    return PMPI_Gatherv(send, scount, stype, recv, rcounts, displs, rtype, root, comm);
}

int MPI_Igatherv(const void *send, int scount, MPI_Datatype stype, void *recv, const int rcounts[],
                 const int displs[], MPI_Datatype rtype, int root, MPI_Comm comm, MPI_Request *req) {
    gatherv(send, scount, stype, recv, rcounts, displs, rtype, rank_of(comm) == root, comm);
    return PMPI_Igatherv(send, scount, stype, recv, rcounts, displs, rtype, root, comm, req);
}

int MPI_Allgather(const void *send, int scount, MPI_Datatype stype, void *recv, int rcount, MPI_Datatype rtype,
                  MPI_Comm comm) {
    gather(send, scount, stype, recv, rcount, rtype, true, comm);
    return PMPI_Allgather(send, scount, stype, recv, rcount, rtype, comm);
}

int MPI_Iallgather(const void *send, int scount, MPI_Datatype stype, void *recv, int rcount, MPI_Datatype rtype,
                   MPI_Comm comm, MPI_Request *req) {
    gather(send, scount, stype, recv, rcount, rtype, true, comm);
    return PMPI_Iallgather(send, scount, stype, recv, rcount, rtype, comm, req);
}

int MPI_Allgatherv(const void *send, int scount, MPI_Datatype stype, void *recv, const int rcounts[],
                   const int displs[], MPI_Datatype rtype, MPI_Comm comm) {
    gatherv(send, scount, stype, recv, rcounts, displs, rtype, true, comm);
    return PMPI_Allgatherv(send, scount, stype, recv, rcounts, displs, rtype, comm);
}

int MPI_Iallgatherv(const void *send, int scount, MPI_Datatype stype, void *recv, const int rcounts[],
                    const int displs[], MPI_Datatype rtype, MPI_Comm comm, MPI_Request *req) {
    gatherv(send, scount, stype, recv, rcounts, displs, rtype, true, comm);
    return PMPI_Iallgatherv(send, scount, stype, recv, rcounts, displs, rtype, comm, req);
}

int MPI_Scatter(const void *send, int scount, MPI_Datatype stype, void *recv, int rcount, MPI_Datatype rtype,
                int root, MPI_Comm comm) {
    scatter(send, scount, stype, recv, rcount, rtype, rank_of(comm) == root, comm);
    return PMPI_Scatter(send, scount, stype, recv, rcount, rtype, root, comm);
}

int MPI_Iscatter(const void *send, int scount, MPI_Datatype stype, void *recv, int rcount, MPI_Datatype rtype,
                 int root, MPI_Comm comm, MPI_Request *req) {
    scatter(send, scount, stype, recv, rcount, rtype, rank_of(comm) == root, comm);
    return PMPI_Iscatter(send, scount, stype, recv, rcount, rtype, root, comm, req);
}

int MPI_Scatterv(const void *send, const int scounts[], const int displs[], MPI_Datatype stype, void *recv,
                 int rcount, MPI_Datatype rtype, int root, MPI_Comm comm) {
    scatterv(send, scounts, displs, stype, recv, rcount, rtype, rank_of(comm) == root, comm);
    return PMPI_Scatterv(send, scounts, displs, stype, recv, rcount, rtype, root, comm);
}

int MPI_Iscatterv(const void *send, const int scounts[], const int displs[], MPI_Datatype stype, void *recv,
                  int rcount, MPI_Datatype rtype, int root, MPI_Comm comm, MPI_Request *req) {
    scatterv(send, scounts, displs, stype, recv, rcount, rtype, rank_of(comm) == root, comm);
    return PMPI_Iscatterv(send, scounts, displs, stype, recv, rcount, rtype, root, comm, req);
}

int MPI_Alltoall(const void *send, int scount, MPI_Datatype stype, void *recv, int rcount, MPI_Datatype rtype,
                 MPI_Comm comm) {
    alltoall(send, scount, stype, recv, rcount, rtype, comm);
    return PMPI_Alltoall(send, scount, stype, recv, rcount, rtype, comm);
}

int MPI_Ialltoall(const void *send, int scount, MPI_Datatype stype, void *recv, int rcount, MPI_Datatype rtype,
                  MPI_Comm comm, MPI_Request *req) {
    alltoall(send, scount, stype, recv, rcount, rtype, comm);
    return PMPI_Ialltoall(send, scount, stype, recv, rcount, rtype, comm, req);
}

int MPI_Alltoallv(const void *send, const int scounts[], const int sdispls[], MPI_Datatype stype, void *recv,
                  const int rcounts[], const int rdispls[], MPI_Datatype rtype, MPI_Comm comm) {
    alltoallv(send, scounts, sdispls, stype, recv, rcounts, rdispls, rtype, comm);
    return PMPI_Alltoallv(send, scounts, sdispls, stype, recv, rcounts, rdispls, rtype, comm);
}

int MPI_Ialltoallv(const void *send, const int scounts[], const int sdispls[], MPI_Datatype stype, void *recv,
                   const int rcounts[], const int rdispls[], MPI_Datatype rtype, MPI_Comm comm, MPI_Request *req) {
    alltoallv(send, scounts, sdispls, stype, recv, rcounts, rdispls, rtype, comm);
    return PMPI_Ialltoallv(send, scounts, sdispls, stype, recv, rcounts, rdispls, rtype, comm, req);
}

// -- one-sided: the origin's buffers (the target's window memory is written by other ranks, untold)
int MPI_Put(const void *origin, int ocount, MPI_Datatype otype, int target, MPI_Aint disp, int tcount,
            MPI_Datatype ttype, MPI_Win win) {
    tell(READ, origin, ocount, otype);
    return PMPI_Put(origin, ocount, otype, target, disp, tcount, ttype, win);
}

int MPI_Get(void *origin, int ocount, MPI_Datatype otype, int target, MPI_Aint disp, int tcount, MPI_Datatype ttype,
            MPI_Win win) {
    tell(WRITE, origin, ocount, otype);
    return PMPI_Get(origin, ocount, otype, target, disp, tcount, ttype, win);
}

int MPI_Accumulate(const void *origin, int ocount, MPI_Datatype otype, int target, MPI_Aint disp, int tcount,
                   MPI_Datatype ttype, MPI_Op op, MPI_Win win) {
    tell(READ, origin, ocount, otype);
    return PMPI_Accumulate(origin, ocount, otype, target, disp, tcount, ttype, op, win);
}

int MPI_Get_accumulate(const void *origin, int ocount, MPI_Datatype otype, void *result, int rcount,
                       MPI_Datatype rtype, int target, MPI_Aint disp, int tcount, MPI_Datatype ttype, MPI_Op op,
                       MPI_Win win) {
    tell(READ, origin, ocount, otype);
    tell(WRITE, result, rcount, rtype);
    return PMPI_Get_accumulate(origin, ocount, otype, result, rcount, rtype, target, disp, tcount, ttype, op, win);
}

int MPI_Fetch_and_op(const void *origin, void *result, MPI_Datatype type, int target, MPI_Aint disp, MPI_Op op,
                     MPI_Win win) {
    tell(READ, origin, 1, type);
    tell(WRITE, result, 1, type);
    return PMPI_Fetch_and_op(origin, result, type, target, disp, op, win);
}

}  // extern "C"
