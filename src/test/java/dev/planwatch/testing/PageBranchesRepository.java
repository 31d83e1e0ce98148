package dev.planwatch.testing;

/**
 * The same repository as {@link BranchesRepository}, as a resource of its own: a test class using it
 * gets a fresh copy (and application), untouched by the commits other classes make in theirs.
 */
public class PageBranchesRepository extends BranchesRepository {
}
