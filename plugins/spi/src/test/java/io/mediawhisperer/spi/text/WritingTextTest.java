package io.mediawhisperer.spi.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rules on sentences written down alone, on sentences of the corpus and of the R manual as chunks give them. */
class WritingTextTest {

  @Test
  void aRunningHeaderOrPageNumberGluedToASentenceIsFurniture() {
    assertThat(WritingText.pageFurniture(
        "Chapter 7: Reading data from files 35 All the datasets supplied with R are available directly by name.")).isTrue();
    assertThat(WritingText.pageFurniture("33 7 Reading data from files Large data objects will usually be read as values "
        + "from external files rather than entered during an R session at the keyboard.")).isTrue();
    assertThat(WritingText.pageFurniture("Article 2 Everyone is entitled to all the rights and freedoms set forth in this "
        + "Declaration.")).isTrue();
    assertThat(WritingText.pageFurniture("Article I All human beings are born free and equal in dignity and rights.")).isTrue();
    assertThat(WritingText.pageFurniture("To see the list of datasets currently available use data() 7.3.1 Loading data "
        + "from other R packages To access data from a particular package, use the package argument.")).isTrue();
    assertThat(WritingText.pageFurniture("See Section 6.1 [Lists], page 29.")).isTrue();
    assertThat(WritingText.fitToWrite(
        "Chapter 7: Reading data from files 35 All the datasets supplied with R are available directly by name.")).isFalse();
  }

  @Test
  void ordinarySentencesWithNumbersAreNotFurniture() {
    assertThat(WritingText.pageFurniture("Around 100 datasets are supplied with R (in package datasets), and others are "
        + "available in packages.")).isFalse();
    assertThat(WritingText.pageFurniture("All human beings are born free and equal in dignity and rights.")).isFalse();
    assertThat(WritingText.pageFurniture("TraceMonkey was released in 2009 as part of Firefox 3.5 and runs loops faster.")).isFalse();
    assertThat(WritingText.fitToWrite("All human beings are born free and equal in dignity and rights.")).isTrue();
    assertThat(WritingText.fitToWrite("Large data objects will usually be read as values from external files rather than "
        + "entered during an R session at the keyboard.")).isTrue();
  }

  @Test
  void sentencesThatLeanOnWhatCameBeforeAreNotFit() {
    assertThat(WritingText.leansOnContext("Continuing the previous example, a[2,,] is a 4x 2 array with dim c(4,2).")).isTrue();
    assertThat(WritingText.leansOnContext("Thus the former is the first object in the list Lst, and so on.")).isTrue();
    assertThat(WritingText.leansOnContext("The same assignment could be made as shown above with the assign function.")).isTrue();
    assertThat(WritingText.leansOnContext("This is an assignment statement using the function c().")).isTrue();
    assertThat(WritingText.leansOnContext("It is a good idea to keep separate working directories.")).isTrue();
    assertThat(WritingText.leansOnContext("However, the interpreter is slow on such loops.")).isTrue();
    assertThat(WritingText.leansOnContext("For example, the result can be printed at once.")).isTrue();
    assertThat(WritingText.leansOnContext("The result of this function is a list of two components named values and vectors.")).isTrue();
    assertThat(WritingText.leansOnContext("We could have used the command given earlier to do the same.")).isTrue();
    assertThat(WritingText.leansOnContext("In this function, x is a formal parameter and y is a local variable.")).isTrue();
    assertThat(WritingText.leansOnContext("In Section 5 we describe our speculative type specialization approach.")).isTrue();
    assertThat(WritingText.leansOnContext("The remainder of this paper is organized as follows.")).isTrue();
    assertThat(WritingText.leansOnContext("Everyone has the right to the protection of the law against such interference.")).isTrue();
    assertThat(WritingText.leansOnContext("Languages such as Python and R are dynamically typed.")).isFalse();
    assertThat(WritingText.leansOnContext("If they are not, the value of the expression is a vector.")).isTrue();
    assertThat(WritingText.leansOnContext("The reader should consult the help files to become familiar with them.")).isTrue();
  }

  @Test
  void sentencesThatStandAloneDoNotLean() {
    assertThat(WritingText.leansOnContext("This paper presents a trace-based compilation technique for dynamic languages.")).isFalse();
    assertThat(WritingText.leansOnContext("R is an integrated suite of software facilities for data manipulation.")).isFalse();
    assertThat(WritingText.leansOnContext("There is a clear presumption by the designers of R that you will modify your input files.")).isFalse();
    assertThat(WritingText.leansOnContext("Everyone has the right to education.")).isFalse();
    assertThat(WritingText.leansOnContext("The end of programming as we know it.")).isFalse();
  }

  @Test
  void fragmentsCodeAndTablesAreNotFit() {
    assertThat(WritingText.fragment("and defaults to points for the plot and lines for the lines.")).isTrue();
    assertThat(WritingText.fragment("The first line of the file should have a name for each variable")).isTrue();
    assertThat(WritingText.fragment("Some of the more useful low-level plotting functions are:")).isTrue();
    assertThat(WritingText.fragment("plot()’s type= argument can also be passed to these functions (and defaults to p.")).isTrue();
    assertThat(WritingText.fragment("Data frames are matrix-like structures. • Lists are vectors of objects.")).isTrue();
    assertThat(WritingText.codeOrFormula("For example if the dimension vector for an array, say a, is c(3,4,2) then there are "
        + "3×4×2 = 24 entries in a.")).isTrue();
    assertThat(WritingText.codeOrFormula("The function read.table() can then be used to read the data frame directly with "
        + "HousePrice <- read.table(\"houses.data\").")).isTrue();
    assertThat(WritingText.codeOrFormula("Dynamic languages such as JavaScript are more difficult to compile than statically "
        + "typed ones.")).isFalse();
    assertThat(WritingText.table("01 52.00 111.0 830 5 6.2 no.")).isTrue();
    assertThat(WritingText.table("In 2008 the team measured 3 loops of 10 programs and found them fast.")).isFalse();
    assertThat(WritingText.fragment("Can be used to change the current graphics device to the one at position k.")).isTrue();
    assertThat(WritingText.fragment("By flipping switches on the front of a computer.")).isTrue();
    assertThat(WritingText.fragment("Keywords JavaScript, just-in-time compilation, trace trees.")).isTrue();
    assertThat(WritingText.fragment("A Region-Based Compilation Technique for Dynamic Compilers.")).isTrue();
    assertThat(WritingText.fragment("With a character vector argument, returns only the named graphics parameters.")).isTrue();
  }

  @Test
  void aGluedHeaderIsCutOffWhereItCanBeTold() {
    assertThat(WritingText.withoutFurniture(
        "Chapter 7: Reading data from files 35 All the datasets supplied with R are available directly by name."))
        .isEqualTo("All the datasets supplied with R are available directly by name.");
    assertThat(WritingText.withoutFurniture("33 7 Reading data from files Large data objects will usually be read as values "
        + "from external files.")).isEqualTo("Large data objects will usually be read as values from external files.");
    assertThat(WritingText.withoutFurniture("14.3 Compression and Archives Recent versions of R have extensive facilities "
        + "to read and write compressed files.")).isEqualTo("Recent versions of R have extensive facilities to read and write "
        + "compressed files.");
    assertThat(WritingText.withoutFurniture("Article 2 Everyone is entitled to all the rights and freedoms."))
        .isEqualTo("Everyone is entitled to all the rights and freedoms.");
    String plain = "Around 100 datasets are supplied with R, and others are available in packages.";
    assertThat(WritingText.withoutFurniture(plain)).isSameAs(plain.strip());
  }

  @Test
  void sameThingInNearlyTheSameWords() {
    assertThat(WritingText.sameThing("Large data objects will usually be read as values from external files.",
        "Large data objects will usually be read as values from external files rather than entered at the keyboard.")).isTrue();
    assertThat(WritingText.sameThing("Everyone has the right to education.", "Everyone has the right to work.")).isFalse();
  }

  @Test
  void speechAsSpokenIsNotWritten() {
    assertThat(WritingText.disfluent("Do are you actually trying to are you actually trying to correct my pronunciation.")).isTrue();
    assertThat(WritingText.disfluent("We got an we got ourselves an O'Reilly article about programming.")).isTrue();
    assertThat(WritingText.disfluent("Fortran was actually uh 1958, which is the very beginning of machine languages.")).isTrue();
    assertThat(WritingText.disfluent("Everyone has the right to freedom of peaceful assembly and association.")).isFalse();
    assertThat(WritingText.disfluent("He said that that was the plan they had had all along.")).isFalse();
    assertThat(WritingText.leansOnContext("No one shall be held in slavery or servitude.")).isFalse();
  }
}
